/**
 * The load generator of `npm run bench:api`, run as a child process (forked by bench-api.ts) so
 * that autocannon's event loop is not the server's: it receives one run's spec over IPC, fires
 * the requests (cycling through the given bodies), and answers with throughput and exact
 * latency percentiles computed from every response time.
 */
// autocannon ships no types; the subset used here is declared below
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => AutocannonInstance;

interface AutocannonInstance {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: 'done', fn: (result: { duration: number; non2xx: number; errors: number; timeouts: number; requests: { total: number } }) => void): void;
  stop(): void;
}

export interface LoadSpec {
  url: string;
  connections: number;
  /** requests to send; the run stops earlier when maxSeconds pass */
  amount: number;
  maxSeconds: number;
  /** request bodies, cycled through in order (vary users and items across requests) */
  bodies: string[];
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** HTTP non-2xx, socket errors and timeouts */
  failed: number;
  /** 2xx answers whose body carries GraphQL errors */
  graphqlErrors: number;
  firstError: string | null;
}

function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve) => {
    const latencies: number[] = [];
    let next = 0;
    let graphqlErrors = 0;
    let firstError: string | null = null;
    const started = process.hrtime.bigint();
    const instance = autocannon({
      url: spec.url,
      connections: spec.connections,
      amount: spec.amount,
      timeout: 10,
      headers: { 'content-type': 'application/json', ...spec.headers },
      requests: [
        {
          method: 'POST',
          setupRequest: (req: Record<string, unknown>) => ({ ...req, body: spec.bodies[next++ % spec.bodies.length] }),
          onResponse: (status: number, body: string) => {
            if (status === 200 && body.includes('"errors"')) {
              graphqlErrors++;
              firstError ??= body.slice(0, 300);
            } else if (status !== 200) firstError ??= `HTTP ${status}: ${body.slice(0, 300)}`;
          },
        },
      ],
    });
    const timer = setTimeout(() => instance.stop(), spec.maxSeconds * 1000);
    // autocannon reports 'done' on its 1-second tick: throughput runs to the last answer instead
    let last = started;
    instance.on('response', (_c, _status, _bytes, ms) => {
      latencies.push(ms);
      last = process.hrtime.bigint();
    });
    instance.on('done', (r) => {
      clearTimeout(timer);
      const seconds = Number(last - started) / 1e9;
      const sorted = Float64Array.from(latencies).sort();
      resolve({
        requests: latencies.length,
        seconds,
        rps: latencies.length / seconds,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        failed: r.non2xx + r.errors + r.timeouts,
        graphqlErrors,
        firstError,
      });
    });
  });
}

// as a forked child: one spec in, one result out, per message
if (require.main === module && process.send) {
  process.on('message', (spec: LoadSpec) => {
    void runLoad(spec).then((result) => process.send!(result));
  });
}
