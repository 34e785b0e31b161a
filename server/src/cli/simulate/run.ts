import { createRng, shuffle } from '../../engine/util/random';
import type { DemoTruth } from '../../data/demo';
import { react } from './behaviour';

/**
 * Drives a running server over HTTP as synthetic demo users: each session asks for the user's AUTO
 * top-10, reacts to it by the user's true taste (behaviour.ts), and records the clicks and purchases
 * with the list's impressionId in one recordInteractions call. Sessions of one user run in order
 * (the next list sees the previous clicks); `concurrency` users are simulated at once.
 */
export interface SimulationSpec {
  url: string;
  key: string;
  users: number;
  sessions: number;
  seed: number;
  concurrency: number;
  /** the kind recorded for a click and for a purchase (a feedback type marked as a conversion) */
  clickKind: string;
  buyKind: string | null;
}

export interface StrategyTally {
  lists: number;
  clickedLists: number;
  clicks: number;
  buys: number;
}

export interface SimulationResult {
  requests: number;
  lists: number;
  clicks: number;
  conversions: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  /** by the strategy that served each list (an experiment's arm serves one strategy) */
  byStrategy: Record<string, StrategyTally>;
  /** the first error met, if any */
  firstError: string | null;
}

const RECOMMEND = `query($u: ID!) { recommendations(userId: $u, strategy: AUTO, limit: 10) { impressionId position strategy item { id } } }`;
const RECORD = `mutation($in: [RecordInteractionInput!]!) { recordInteractions(inputs: $in) { id } }`;

interface Listed {
  impressionId: string;
  position: number;
  strategy: string;
  item: { id: string };
}

export class SimulationError extends Error {}

/** one GraphQL call; GraphQL errors and HTTP failures throw with the server's message */
export async function graphql<T>(url: string, key: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${url.replace(/\/+$/, '')}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new SimulationError(`HTTP ${res.status} from ${url}/graphql: ${text.slice(0, 200)}`);
  }
  if (body.errors?.length) throw new SimulationError(`${body.errors[0].extensions?.code ?? 'ERROR'}: ${body.errors[0].message}`);
  if (!body.data) throw new SimulationError(`HTTP ${res.status} without data from ${url}/graphql`);
  return body.data;
}

/**
 * Which demo users are simulated: the first `users` of a permutation of the demo's user indices
 * seeded by `seed` (external id = index + 1, as the demo loader stores them).
 */
export function pickUsers(demoUsers: number, users: number, seed: number): number[] {
  const order = shuffle(
    Int32Array.from({ length: demoUsers }, (_, i) => i),
    createRng(seed),
  );
  return Array.from(order.subarray(0, users));
}

export async function simulate(spec: SimulationSpec, truth: DemoTruth, demoUsers: number): Promise<SimulationResult> {
  const chosen = pickUsers(demoUsers, spec.users, spec.seed);
  const result: SimulationResult = { requests: 0, lists: 0, clicks: 0, conversions: 0, errors: 0, seconds: 0, requestsPerSecond: 0, byStrategy: {}, firstError: null };
  const t0 = process.hrtime.bigint();
  let next = 0;
  const fail = (e: unknown) => {
    result.errors++;
    result.firstError ??= e instanceof Error ? e.message : String(e);
  };
  const worker = async () => {
    for (let j = next++; j < chosen.length; j = next++) {
      const u = chosen[j];
      const userId = String(u + 1);
      // each user's own generator: the same seed gives each user the same reactions whatever the concurrency
      const rng = createRng(spec.seed * 1_000_003 + u);
      for (let s = 0; s < spec.sessions; s++) {
        let list: Listed[];
        try {
          result.requests++;
          list = (await graphql<{ recommendations: Listed[] }>(spec.url, spec.key, RECOMMEND, { u: userId })).recommendations;
        } catch (e) {
          fail(e);
          continue;
        }
        if (!list.length) continue;
        result.lists++;
        const strategy = list[0].strategy;
        const tally = (result.byStrategy[strategy] ??= { lists: 0, clickedLists: 0, clicks: 0, buys: 0 });
        tally.lists++;
        const reaction = react(
          list.map((r) => truth.expectedRating(u, Number(r.item.id) - 1)),
          rng,
        );
        if (!reaction.clicks.length) continue;
        tally.clickedLists++;
        const at = (p: number) => list.find((r) => r.position === p)!;
        const inputs = reaction.clicks.map((p) => ({ userId, itemId: at(p).item.id, kind: spec.clickKind, impressionId: at(p).impressionId }));
        if (spec.buyKind) inputs.push(...reaction.buys.map((p) => ({ userId, itemId: at(p).item.id, kind: spec.buyKind!, impressionId: at(p).impressionId })));
        try {
          result.requests++;
          await graphql(spec.url, spec.key, RECORD, { in: inputs });
          result.clicks += reaction.clicks.length;
          tally.clicks += reaction.clicks.length;
          if (spec.buyKind) {
            result.conversions += reaction.buys.length;
            tally.buys += reaction.buys.length;
          }
        } catch (e) {
          fail(e);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(spec.concurrency, chosen.length)) }, worker));
  result.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  result.requestsPerSecond = result.requests / result.seconds;
  return result;
}
