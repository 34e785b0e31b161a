/**
 * Finished recommendation lists, reused while nothing they depend on changed — the reads Gorse
 * serves from its cache. An entry is valid only while
 * - the model versions it was computed from are still the ones served, and
 * - no write for that user was announced since it was computed (`invalidateUsers` is called for
 *   local writes and for other replicas' freshness notifications, before and again after the fold-in,
 *   so a list computed from the pre-fold-in model is never kept), and
 * - it is younger than `ttlMs`: a bound on staleness for writes nobody announced (a bulk import
 *   run next to the server, or a batch too large for one notification), and for the small effect
 *   one user's fold-in has on others' lists (a UserCF neighbour's row changed).
 * Validity is per version, not per model object: a fold-in for one user then leaves every other
 * user's cached lists usable, so the hit rate holds up under a steady stream of writes.
 * The user's generation is read before the database is asked for the history, so a write that
 * lands while a list is being computed makes that list unusable instead of caching it stale.
 */
export class RecommendationCache<T> {
  private readonly entries = new Map<string, { value: T; versions: readonly string[]; generation: number; at: number }>();
  private readonly generations = new Map<string, number>();

  constructor(private readonly options: { ttlMs: number; maxEntries: number } = { ttlMs: 30_000, maxEntries: 50_000 }) {}

  /** the user's current generation: take it before reading anything the entry will depend on */
  generation(userId: string): number {
    return this.generations.get(userId) ?? 0;
  }

  get(key: string, userId: string, versions: readonly string[]): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    const fresh =
      Date.now() - e.at < this.options.ttlMs && e.generation === this.generation(userId) && e.versions.length === versions.length && e.versions.every((v, i) => v === versions[i]);
    if (fresh) return e.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, userId: string, generation: number, versions: readonly string[], value: T): void {
    if (generation !== this.generation(userId)) return; // a write landed meanwhile
    if (this.entries.size >= this.options.maxEntries) {
      // oldest first (Map keeps insertion order): drop a tenth at once to amortise the scan
      let drop = Math.ceil(this.options.maxEntries / 10);
      for (const k of this.entries.keys()) {
        this.entries.delete(k);
        if (--drop === 0) break;
      }
    }
    this.entries.set(key, { value, versions, generation, at: Date.now() });
  }

  invalidateUsers(userIds: readonly string[]): void {
    for (const id of userIds) this.generations.set(id, this.generation(id) + 1);
  }

  clear(): void {
    this.entries.clear();
  }
}
