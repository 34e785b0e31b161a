import { spawnSync } from 'node:child_process';
import { Client } from 'pg';
import type { Logger } from '../../logger';

/**
 * Who may stop a shared embedded PostgreSQL: the last process using it.
 *
 * Every process that runs on the embedded PostgreSQL of a DATA_DIR (the server, a worker, a CLI
 * such as `npm run import`) holds a shared advisory lock on one dedicated connection while it
 * runs. Leaving, it drops its share and tries the exclusive lock: granted means nobody else uses
 * the database, so it stops PostgreSQL (holding that lock, so a newcomer waits and then starts a
 * fresh one); refused means others still use it, and the last of them will stop it. A process that
 * dies, even by SIGKILL, loses its share with its connection, so an orphaned PostgreSQL is
 * adopted by whoever joins it next and stopped when that one leaves.
 */
const KEY: [number, number] = [0x74677067, 1]; // "tgpg", 1: the two-int form shows plainly in pg_locks

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Tenancy {
  private client: Client | null = null;
  private leaving = false;
  private retry: NodeJS.Timeout | null = null;
  /** our session's pid in PostgreSQL, for the exit hook */
  backendPid = 0;

  private constructor(
    private readonly url: string,
    private readonly logger?: Logger,
  ) {}

  /**
   * Takes a share; resolves with the number of other processes using this PostgreSQL, or null when
   * it is going away (being stopped by its last user, or already gone): start a new one then.
   */
  static async join(url: string, logger?: Logger, timeoutMs = 30_000): Promise<{ tenancy: Tenancy; others: number } | null> {
    const t = new Tenancy(url, logger);
    const end = Date.now() + timeoutMs;
    try {
      for (;;) {
        if (await t.connectAndLock()) break;
        if (Date.now() > end) throw new Error(`no share of the embedded PostgreSQL at ${url} within ${timeoutMs} ms`);
        await sleep(100);
      }
      const { rows } = await t.client!.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 2 AND granted AND pid <> pg_backend_pid()`,
        KEY,
      );
      return { tenancy: t, others: rows[0].n as number };
    } catch (e) {
      await t.close();
      if (e instanceof Error && /^no share/.test(e.message)) throw e;
      return null;
    }
  }

  /** true once the share is held; false while a leaving last user holds the exclusive lock */
  private async connectAndLock(): Promise<boolean> {
    if (!this.client) {
      const c = new Client({ connectionString: this.url, connectionTimeoutMillis: 5_000, query_timeout: 10_000, application_name: 'tastegraph:tenancy' });
      c.on('error', () => undefined); // ends by 'end' below
      await c.connect();
      if (this.leaving) {
        await c.end().catch(() => undefined);
        return false;
      }
      c.on('end', () => this.lost(c));
      this.client = c;
      this.backendPid = (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    }
    const { rows } = await this.client.query('SELECT pg_try_advisory_lock_shared($1, $2) AS ok', KEY);
    return rows[0].ok === true;
  }

  /** the connection died (PostgreSQL restarted its sessions): take the share again, or others could stop it under us */
  private lost(c: Client): void {
    if (this.client !== c) return;
    this.client = null;
    this.backendPid = 0;
    if (this.leaving) return;
    this.logger?.debug('lost the embedded PostgreSQL tenancy connection; retaking it');
    this.retakeLater();
  }

  /** one attempt at a time, every second, until the share is held again or we leave */
  private retakeLater(): void {
    if (this.retry || this.leaving) return;
    // retakeOnce never rejects: its failures schedule the next attempt
    this.retry = setTimeout(() => void this.retakeOnce(), 1_000);
    this.retry.unref();
  }

  private async retakeOnce(): Promise<void> {
    try {
      if (await this.connectAndLock()) {
        this.retry = null;
        return;
      }
    } catch {
      const c = this.client;
      this.client = null;
      await c?.end().catch(() => undefined);
    }
    this.retry = null;
    this.retakeLater();
  }

  /**
   * Gives the share back. `last`: nobody else uses it, and we hold the exclusive lock until the
   * postmaster stops. `unknown`: PostgreSQL did not answer (stopped or frozen).
   */
  async leave(): Promise<'last' | 'others' | 'unknown'> {
    this.leaving = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    try {
      if (!this.client) {
        const c = new Client({ connectionString: this.url, connectionTimeoutMillis: 5_000, query_timeout: 10_000, application_name: 'tastegraph:tenancy' });
        c.on('error', () => undefined);
        await c.connect();
        this.client = c;
      } else {
        await this.client.query('SELECT pg_advisory_unlock_shared($1, $2)', KEY);
      }
      const { rows } = await this.client.query('SELECT pg_try_advisory_lock($1, $2) AS last', KEY);
      if (rows[0].last === true) return 'last';
      await this.close();
      return 'others';
    } catch {
      await this.close();
      return 'unknown';
    }
  }

  async close(): Promise<void> {
    this.leaving = true;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }

  /**
   * `leave()` for a process that is exiting without having left (a crash, process.exit): the
   * 'exit' event allows no asynchronous work, so a short child process ends our session (which
   * drops our share), then applies the same rule and fast-stops the postmaster if nobody is left.
   */
  leaveOnExit(postmasterPid: number): void {
    if (this.leaving || !this.backendPid) return;
    this.leaving = true;
    const script = `
      const { Client } = require(${JSON.stringify(require.resolve('pg'))});
      const [url, backend, postmaster] = process.argv.slice(1);
      const c = new Client({ connectionString: url, connectionTimeoutMillis: 3000, query_timeout: 5000 });
      c.on('error', () => {});
      (async () => {
        await c.connect();
        await c.query('SELECT pg_terminate_backend($1, 3000)', [Number(backend)]);
        const { rows } = await c.query('SELECT pg_try_advisory_lock($1, $2) AS last', [${KEY[0]}, ${KEY[1]}]);
        if (rows[0].last) process.kill(Number(postmaster), 'SIGINT');
      })().catch(() => {}).finally(() => process.exit(0));`;
    spawnSync(process.execPath, ['-e', script, this.url, String(this.backendPid), String(postmasterPid)], { stdio: 'ignore', timeout: 10_000 });
  }
}
