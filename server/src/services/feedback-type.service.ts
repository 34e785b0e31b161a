import type { Notifier } from '../data/notifier';
import { FEEDBACK_TYPES_CHANNEL, type FeedbackTypeRepository, type FeedbackTypeRow } from '../data/repositories/feedback-type.repository';
import { feedbackTypeNameProblem, feedbackWeightProblem } from '../data/catalog-rules';
import { RATING_KIND, type FeedbackPolarity } from '../engine/dataset/feedback';
import { invalidInput } from './errors';

const POLARITIES: readonly FeedbackPolarity[] = ['positive', 'negative', 'neutral'];

/**
 * The declared feedback types: listing, declaring or changing one (admin), and the question every
 * event write asks, "is this kind declared?". That one is answered from a small cache of declared
 * names, forgotten on every change here and, through a PostgreSQL notification, on every other
 * replica; a kind missing from the cache is looked up in the table before it is refused, so a type
 * declared a moment ago on another replica (its notification still on the way) is accepted.
 */
export class FeedbackTypeService {
  /** the declared types as last read: their names (asked on every write) and rows (null until read, and after any change) */
  private known: { names: ReadonlySet<string>; byName: ReadonlyMap<string, FeedbackTypeRow> } | null = null;
  /** bumped on every change: a read begun before it must not refill the cache */
  private generation = 0;
  /** a type changed (here or on another replica): histories weighted by the old type are stale */
  onChange: () => void = () => undefined;

  constructor(private readonly repo: FeedbackTypeRepository) {}

  /** forget the cache whenever any replica (this one included) declares or changes a type */
  listen(notifier: Notifier): void {
    notifier.on(FEEDBACK_TYPES_CHANNEL, () => this.forget());
  }

  /** the cached declared names (null until read, and after any change): for diagnostics and tests */
  get cachedNames(): ReadonlySet<string> | null {
    return this.known?.names ?? null;
  }

  /** a declared type's weight and polarity as last read (undefined: not read since the last change) */
  cachedType(name: string): FeedbackTypeRow | undefined {
    return this.known?.byName.get(name);
  }

  forget(): void {
    this.generation++;
    this.known = null;
    this.onChange();
  }

  async list(): Promise<FeedbackTypeRow[]> {
    return this.remember(this.generation, await this.repo.list());
  }

  /** declares a type or changes its weight and polarity; models learn the change at their next training */
  async set(input: { name: string; weight: number; polarity: FeedbackPolarity; conversion?: boolean | null }): Promise<FeedbackTypeRow> {
    const { name, weight, polarity, conversion } = input;
    const badName = feedbackTypeNameProblem(name);
    if (badName) throw invalidInput('name', `name: ${badName.message}`);
    const badWeight = feedbackWeightProblem(weight);
    if (badWeight) throw invalidInput('weight', `weight: ${badWeight.message}`);
    if (!POLARITIES.includes(polarity)) throw invalidInput('polarity', `polarity must be one of ${POLARITIES.join(', ')}`);
    const row = await this.repo.upsert({ name, weight, polarity, conversion });
    this.forget();
    return row;
  }

  /**
   * The declared names, guaranteed to include each of `kinds` that is declared in the table now:
   * from the cache when it has them all, otherwise from a read begun after this call.
   */
  async declaredNames(kinds: Iterable<string>): Promise<ReadonlySet<string>> {
    const cached = this.known?.names;
    if (cached && [...kinds].every((k) => cached.has(k))) return cached;
    return this.declaredNow();
  }

  /** the declared types of these kinds, by name (from the cache when it has them all); undeclared kinds are absent */
  async types(kinds: Iterable<string>): Promise<ReadonlyMap<string, FeedbackTypeRow>> {
    const cached = this.known?.byName;
    if (cached && [...kinds].every((k) => cached.has(k) || k === RATING_KIND)) return cached;
    return new Map((await this.list()).map((r) => [r.name, r]));
  }

  private async declaredNow(): Promise<ReadonlySet<string>> {
    const rows = await this.list();
    return new Set(rows.map((r) => r.name));
  }

  private remember(generation: number, rows: FeedbackTypeRow[]): FeedbackTypeRow[] {
    if (generation === this.generation) this.known = { names: new Set(rows.map((r) => r.name)), byName: new Map(rows.map((r) => [r.name, r])) };
    return rows;
  }

  interactionCounts(kinds: readonly string[]): Promise<Map<string, number>> {
    return this.repo.interactionCounts(kinds);
  }
}
