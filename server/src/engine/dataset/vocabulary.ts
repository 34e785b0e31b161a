/** External id (string) <-> dense index (0..size-1). The engine works on indices only. */
export class Vocabulary {
  private readonly ids: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(ids: Iterable<string> = []) {
    for (const id of ids) this.add(id);
  }

  get size(): number {
    return this.ids.length;
  }

  /** index of id, adding it when new */
  add(id: string): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(id);
      this.index.set(id, i);
    }
    return i;
  }

  /** index of id, or -1 when unknown */
  indexOf(id: string): number {
    return this.index.get(id) ?? -1;
  }

  idOf(index: number): string {
    const id = this.ids[index];
    if (id === undefined) throw new RangeError(`index ${index} outside vocabulary of ${this.ids.length}`);
    return id;
  }

  toArray(): readonly string[] {
    return this.ids;
  }

  clone(): Vocabulary {
    return new Vocabulary(this.ids);
  }
}
