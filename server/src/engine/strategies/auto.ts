/**
 * AUTO in the engine: fits every candidate strategy the way a training job does (measured on a
 * held-out 20%, then fit on everything), then answers each user from the candidate chooseForUser
 * picks — the same decision the API makes from its served versions. The eval CLI's `auto` row is
 * this model, so its metrics are what the API serves.
 * Candidates are passed in (the registry's model entries), so this file does not import the registry.
 */
import type { Dataset } from '../dataset/dataset';
import { fitAndMeasure, type MeasuredMetrics } from '../evaluation/measure';
import { ParamError, type Explanation, type FitOptions, type Model, type RecommendRequest, type ScoredItem, type Strategy, type UserInteractions } from '../types';
import { decodeArtifact, encodeArtifact } from '../util/binary';
import { chooseForUser, DEFAULT_BUCKET_EDGES, type AutoChoice } from './auto-choice';
import type { StrategyEntry } from './declaration';
import { readParams, type ParamSpec } from './params';
import { throwIfAborted } from './shared';

export interface AutoParams {
  shortFrom: number;
  longFrom: number;
  /** K of the NDCG@K the candidates are compared by */
  k: number;
}

const NAME = 'auto';

export const AUTO_PARAMS: readonly ParamSpec[] = [
  { name: 'shortFrom', kind: 'integer', min: 1, max: 1e6, default: DEFAULT_BUCKET_EDGES.shortFrom, description: 'history length where the "short" bucket begins (below: "none")' },
  { name: 'longFrom', kind: 'integer', min: 1, max: 1e6, default: DEFAULT_BUCKET_EDGES.longFrom, description: 'history length where the "long" bucket begins' },
  { name: 'k', kind: 'integer', min: 1, max: 100, default: 10, description: 'K of the NDCG@K the candidates are compared by' },
];

function autoParams(given: Record<string, unknown> | object): AutoParams {
  const p = readParams<AutoParams>(NAME, AUTO_PARAMS, given);
  if (p.longFrom <= p.shortFrom) throw new ParamError('longFrom', `${NAME}: 'longFrom' must be greater than shortFrom (${p.shortFrom}), got ${p.longFrom}`);
  return p;
}

/** the non-personalized candidate: the answer when no other qualifies */
function fallbackOf(candidates: readonly StrategyEntry[]): StrategyEntry {
  const f = candidates.find((e) => !e.personalized && !e.meta);
  if (!f) throw new Error('AUTO needs a non-personalized strategy (popularity) among its candidates');
  return f;
}

export class AutoStrategy implements Strategy<AutoParams> {
  readonly name = NAME;
  readonly params: Readonly<AutoParams>;

  constructor(
    params: Partial<AutoParams> = {},
    private readonly candidates: readonly StrategyEntry[],
  ) {
    this.params = Object.freeze(autoParams(params));
    fallbackOf(candidates);
  }

  async fit(d: Dataset, options: FitOptions = {}): Promise<Model> {
    throwIfAborted(options.signal);
    const seed = options.seed ?? 0;
    const fallback = fallbackOf(this.candidates);
    const members: Member[] = [];
    const n = this.candidates.length;
    for (const [c, entry] of this.candidates.entries()) {
      const measured = await fitAndMeasure(() => entry.create(), d, {
        k: this.params.k,
        seed,
        signal: options.signal,
        fallback: () => fallback.create(),
        onProgress: options.onProgress && ((p) => options.onProgress!({ ...p, progress: (c + p.progress) / n, stage: `${entry.name}: ${p.stage}` })),
      });
      members.push({ name: entry.name, model: measured.model, metrics: measured.metrics });
    }
    const lengths = new Int32Array(d.nUsers);
    for (let u = 0; u < d.nUsers; u++) lengths[u] = d.userPtr[u + 1] - d.userPtr[u];
    return new AutoModel(this.params, members, fallback.name, lengths, new Map());
  }
}

interface Member {
  name: string;
  model: Model;
  metrics: MeasuredMetrics;
}

export class AutoModel implements Model {
  readonly strategy = NAME;
  readonly nUsers: number;
  readonly nItems: number;

  constructor(
    readonly params: Readonly<AutoParams>,
    readonly members: readonly Member[],
    readonly fallback: string,
    /** training history length per user; folded-in users in `folded` */
    private readonly lengths: Int32Array,
    private readonly folded: ReadonlyMap<number, number>,
  ) {
    this.nUsers = Math.max(lengths.length, ...members.map((m) => m.model.nUsers));
    this.nItems = members[0]?.model.nItems ?? 0;
  }

  historyLength(user: number): number {
    return this.folded.get(user) ?? (user >= 0 && user < this.lengths.length ? this.lengths[user] : 0);
  }

  /** the decision for this user (which member answers and why) */
  choose(user: number): AutoChoice {
    const candidates = this.members.map((m) => ({
      name: m.name,
      byHistory: m.metrics.byHistory,
      ndcg: m.metrics.ndcgAtK,
      canScore: m.model.canScore(user),
    }));
    return chooseForUser(candidates, this.historyLength(user), { shortFrom: this.params.shortFrom, longFrom: this.params.longFrom }, this.fallback);
  }

  sourceFor(user: number): string {
    return this.choose(user).strategy;
  }

  private member(name: string): Member {
    return this.members.find((m) => m.name === name)!;
  }

  /** whatever member is chosen, popularity answers for anyone */
  canScore(_user: number): boolean {
    return true;
  }

  recommend(req: RecommendRequest): ScoredItem[] {
    const { name, model } = this.member(this.sourceFor(req.user));
    const list = model.canScore(req.user) || name === this.fallback ? model.recommend(req) : [];
    return list.map((s) => ({ item: s.item, score: s.score, source: name }));
  }

  /** the chosen member's rating when it predicts one, else the rating model with the lowest measured RMSE */
  predict(user: number, item: number): number {
    const chosen = this.member(this.sourceFor(user)).model;
    const own = chosen.predict ? chosen.predict(user, item) : NaN;
    if (own === own) return own;
    const raters = this.members.filter((m) => m.model.predict && m.metrics.rmse !== null).sort((a, b) => a.metrics.rmse! - b.metrics.rmse!);
    return raters.length ? raters[0].model.predict!(user, item) : NaN;
  }

  explain(user: number, item: number): Explanation | null {
    return this.member(this.sourceFor(user)).model.explain(user, item) ?? this.member(this.fallback).model.explain(user, item);
  }

  /** from the personalized member that measured best overall */
  similarItems(item: number, k: number): ScoredItem[] {
    const ranked = [...this.members].sort((a, b) => (b.metrics.ndcgAtK ?? -1) - (a.metrics.ndcgAtK ?? -1));
    for (const m of ranked) {
      const own = m.model.similarItems(item, k);
      if (own.length) return own;
    }
    return [];
  }

  foldIn(user: number, interactions: UserInteractions): Model {
    const members = this.members.map((m) => ({ ...m, model: m.model.foldIn ? m.model.foldIn(user, interactions) : m.model }));
    const folded = new Map(this.folded);
    folded.set(user, new Set(Array.from(interactions.items).filter((i) => i >= 0 && i < this.nItems)).size);
    return new AutoModel(this.params, members, this.fallback, this.lengths, folded);
  }

  /**
   * Erasure: every member forgets the user (see each strategy's forget for what remains until
   * retraining) and their history length reads 0, so they are answered as a user never seen (the
   * fallback's anonymous list). A member that cannot forget is an error, not a silent leftover.
   */
  forget(user: number): AutoModel {
    const members = this.members.map((m) => {
      if (!m.model.forget) throw new Error(`AUTO: member ${m.name} cannot forget a user`);
      return { ...m, model: m.model.forget(user) };
    });
    const folded = new Map(this.folded);
    if (user >= 0 && user < this.lengths.length) folded.set(user, 0);
    else folded.delete(user);
    return new AutoModel(this.params, members, this.fallback, this.lengths, folded);
  }

  /** every member accepts the grown catalog (a member without withItems is an error) */
  withItems(nItems: number): AutoModel {
    if (!Number.isInteger(nItems) || nItems < this.nItems) throw new RangeError(`withItems: nItems must be an integer ≥ ${this.nItems}, got ${nItems}`);
    if (nItems === this.nItems) return this;
    const members = this.members.map((m) => {
      if (!m.model.withItems) throw new Error(`AUTO: member ${m.name} cannot take new items`);
      return { ...m, model: m.model.withItems(nItems) };
    });
    return new AutoModel(this.params, members, this.fallback, this.lengths, this.folded);
  }

  serialize(): Uint8Array {
    // a folded-in (or forgotten) user's trained length is superseded: store the current one instead
    let lengths = this.lengths;
    for (const [u, n] of this.folded) {
      if (u >= lengths.length || lengths[u] === n) continue;
      if (lengths === this.lengths) lengths = lengths.slice();
      lengths[u] = n;
    }
    const arrays: Record<string, Uint8Array | Int32Array> = { lengths };
    this.members.forEach((m, i) => {
      arrays[`member${i}`] = m.model.serialize();
    });
    const folded = [...this.folded].sort((a, b) => a[0] - b[0]);
    return encodeArtifact(
      {
        strategy: NAME,
        params: this.params,
        fallback: this.fallback,
        folded,
        members: this.members.map((m) => ({ name: m.name, metrics: m.metrics })),
      },
      arrays,
    );
  }
}

interface AutoMeta {
  strategy: string;
  params: AutoParams;
  fallback: string;
  folded: [number, number][];
  members: { name: string; metrics: MeasuredMetrics }[];
}

/** `deserializeModel` restores the members (passed in by the registry, which this file does not import) */
export function deserializeAuto(bytes: Uint8Array, deserializeModel: (bytes: Uint8Array) => Model): AutoModel {
  const { meta, arrays } = decodeArtifact<AutoMeta>(bytes);
  if (meta.strategy !== NAME) throw new Error(`not an auto artifact: ${meta.strategy}`);
  const members = meta.members.map((m, i) => ({ ...m, model: deserializeModel(arrays[`member${i}`] as Uint8Array) }));
  return new AutoModel(autoParams(meta.params), members, meta.fallback, arrays.lengths as Int32Array, new Map(meta.folded));
}
