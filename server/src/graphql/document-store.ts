import type { DocumentNode } from 'graphql';

/**
 * Apollo's store of parsed, validated documents by query hash (a query text seen before is neither
 * parsed nor validated again), least recently used first out beyond `maxWeight`.
 *
 * Apollo's default store (the same LRU) weighs each new document by serializing its whole syntax
 * tree to JSON — ~2% of the CPU of a request whose query text is new, as bench:api's uncached rows
 * are. A tree's size follows its source's length (about 20 bytes of JSON per character of query),
 * which is known without that work.
 */
export class DocumentStore {
  private readonly docs = new Map<string, { doc: DocumentNode; weight: number }>();
  private weight = 0;

  constructor(private readonly maxWeight = 30 * 2 ** 20) {}

  static weigh(doc: DocumentNode): number {
    return 20 * (doc.loc?.end ?? 1000);
  }

  async get(key: string): Promise<DocumentNode | undefined> {
    const e = this.docs.get(key);
    if (!e) return undefined;
    // most recently used last: Map keeps insertion order
    this.docs.delete(key);
    this.docs.set(key, e);
    return e.doc;
  }

  async set(key: string, doc: DocumentNode): Promise<void> {
    await this.delete(key);
    const weight = DocumentStore.weigh(doc);
    if (weight > this.maxWeight) return;
    this.docs.set(key, { doc, weight });
    this.weight += weight;
    for (const [k, e] of this.docs) {
      if (this.weight <= this.maxWeight) break;
      this.docs.delete(k);
      this.weight -= e.weight;
    }
  }

  async delete(key: string): Promise<boolean> {
    const e = this.docs.get(key);
    if (!e) return false;
    this.docs.delete(key);
    this.weight -= e.weight;
    return true;
  }

  get size(): number {
    return this.docs.size;
  }
}
