/**
 * The load generator of `npm run bench:api`, run as a child process (forked by bench-api.ts) so
 * that its event loop is not the server's: it receives one run's spec over IPC, fires the requests
 * (cycling through the given bodies), and answers with throughput and exact latency percentiles
 * computed from every response time.
 *
 * Two ways to load:
 * - saturation (closed loop): autocannon with `connections` connections, each sending its next
 *   request as soon as the previous answer arrives;
 * - a fixed rate (open loop, `rate` set): one request every 1/rate s whether or not earlier ones were
 *   answered, on a keep-alive pool of up to `connections` sockets, each latency measured from the
 *   request's scheduled send time (so a server that falls behind shows it in p99, no coordinated
 *   omission). autocannon's own `overallRate` is not used for this: it lets each connection send its
 *   share of a second back to back at the start of the second and then wait, a burst at full
 *   concurrency rather than a steady rate.
 */
import http from 'node:http';

// autocannon ships no types; the subset used here is declared below
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => AutocannonInstance;

interface AutocannonInstance {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: 'done', fn: (result: { duration: number; non2xx: number; errors: number; timeouts: number; requests: { total: number } }) => void): void;
  stop(): void;
}

/** in a request body, replaced by a value never sent before (a fresh `excludeItemIds` entry: no cache hit) */
export const FRESH = '__FRESH__';

export interface LoadSpec {
  url: string;
  /** saturation: autocannon's connections; fixed rate: the most sockets open at once */
  connections: number;
  /** requests per second, sent on a fixed schedule (open loop); absent = saturation */
  rate?: number;
  /** requests to send; the run stops earlier when maxSeconds pass */
  amount: number;
  maxSeconds: number;
  /** request bodies, cycled through in order (vary users and items across requests) */
  bodies: string[];
  headers?: Record<string, string>;
}

export interface LoadResult {
  /** answers received (any status) */
  requests: number;
  seconds: number;
  /** answers that are HTTP 200 without GraphQL errors, per second: nothing else is throughput */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** HTTP non-2xx other than 429 */
  failed: number;
  /** socket errors, timeouts, and (fixed rate) requests still unanswered when the run's time ran out */
  unanswered: number;
  /** 2xx answers whose body carries GraphQL errors other than RATE_LIMITED */
  graphqlErrors: number;
  /** HTTP 429 or a RATE_LIMITED error: counted apart, never as throughput */
  rateLimited: number;
  firstError: string | null;
}

let freshCounter = 0;
const freshPrefix = `b${process.pid}x`;
function fill(body: string): string {
  return body.includes(FRESH) ? body.split(FRESH).join(`${freshPrefix}${freshCounter++}`) : body;
}

function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** tallies answers by kind; shared by both ways of loading */
class Tally {
  latencies: number[] = [];
  ok = 0;
  failed = 0;
  graphqlErrors = 0;
  rateLimited = 0;
  firstError: string | null = null;

  answer(status: number, body: string): void {
    if (status === 429 || body.includes('"RATE_LIMITED"')) {
      this.rateLimited++;
      this.firstError ??= `HTTP ${status}: ${body.slice(0, 300)}`;
    } else if (status !== 200) {
      this.failed++;
      this.firstError ??= `HTTP ${status}: ${body.slice(0, 300)}`;
    } else if (body.includes('"errors"')) {
      this.graphqlErrors++;
      this.firstError ??= body.slice(0, 300);
    } else this.ok++;
  }

  result(seconds: number, unanswered = 0): LoadResult {
    const sorted = Float64Array.from(this.latencies).sort();
    return {
      requests: this.latencies.length,
      seconds,
      rps: seconds > 0 ? this.ok / seconds : 0,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      failed: this.failed,
      unanswered,
      graphqlErrors: this.graphqlErrors,
      rateLimited: this.rateLimited,
      firstError: this.firstError,
    };
  }
}

function runSaturation(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve) => {
    const tally = new Tally();
    let next = 0;
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
          setupRequest: (req: Record<string, unknown>) => ({ ...req, body: fill(spec.bodies[next++ % spec.bodies.length]) }),
          onResponse: (status: number, body: string) => tally.answer(status, body),
        },
      ],
    });
    const timer = setTimeout(() => instance.stop(), spec.maxSeconds * 1000);
    // autocannon reports 'done' on its 1-second tick: throughput runs to the last answer instead
    let last = started;
    instance.on('response', (_c, _status, _bytes, ms) => {
      tally.latencies.push(ms);
      last = process.hrtime.bigint();
    });
    instance.on('done', (r) => {
      clearTimeout(timer);
      // non2xx is already tallied per answer; socket errors and timeouts are not
      if (r.errors + r.timeouts) tally.firstError ??= `${r.errors} socket errors, ${r.timeouts} timeouts (10 s)`;
      resolve(tally.result(Number(last - started) / 1e9, r.errors + r.timeouts));
    });
  });
}

function runRate(spec: LoadSpec, rate: number): Promise<LoadResult> {
  return new Promise((resolve) => {
    const target = new URL(spec.url);
    const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
    const tally = new Tally();
    const total = Math.max(1, Math.min(spec.amount, Math.round(rate * spec.maxSeconds)));
    const intervalNs = 1e9 / rate;
    const started = process.hrtime.bigint();
    let sent = 0;
    let settled = 0;
    let socketErrors = 0;
    let last = started;
    let finished = false;
    const open = new Set<http.ClientRequest>();
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      // every request still queued or in flight is aborted: destroying the agent's sockets alone
      // would hand its queue to new sockets, and the backlog would load the next rows
      for (const req of open) req.destroy();
      agent.destroy();
      if (sent > settled) tally.firstError ??= `${sent - settled} requests unanswered ${spec.maxSeconds + 10} s after the run started`;
      resolve(tally.result(Number(last - started) / 1e9, socketErrors + (sent - settled)));
    };
    // a server that cannot keep up still gets a bounded run: unanswered requests count as failed
    const deadline = setTimeout(finish, (spec.maxSeconds + 10) * 1000);
    const settle = () => {
      settled++;
      if (settled === total) finish();
    };
    const send = (scheduled: bigint) => {
      const body = fill(spec.bodies[sent % spec.bodies.length]);
      const req = http.request(
        {
          agent,
          method: 'POST',
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...spec.headers },
          timeout: 10_000,
        },
        (res) => {
          open.delete(req);
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (finished) return;
            last = process.hrtime.bigint();
            tally.latencies.push(Number(last - scheduled) / 1e6);
            tally.answer(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
            settle();
          });
        },
      );
      open.add(req);
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => {
        if (finished) return;
        socketErrors++;
        tally.firstError ??= `socket: ${e.message}`;
        settle();
      });
      req.end(body);
    };
    const tick = () => {
      const elapsed = Number(process.hrtime.bigint() - started);
      const due = Math.min(total, Math.floor(elapsed / intervalNs) + 1);
      while (sent < due) {
        send(started + BigInt(Math.round(sent * intervalNs)));
        sent++;
      }
      if (sent < total && !finished) setTimeout(tick, 1);
    };
    tick();
  });
}

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return spec.rate ? runRate(spec, spec.rate) : runSaturation(spec);
}

// as a forked child: one spec in, one result out, per message
if (require.main === module && process.send) {
  process.on('message', (spec: LoadSpec) => {
    void runLoad(spec).then((result) => process.send!(result));
  });
}
