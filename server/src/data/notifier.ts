import type { Logger } from '../logger';
import { BoundedClient } from './bounded-client';

/**
 * One LISTEN connection per process for PostgreSQL notifications (new jobs, activated models,
 * fresh user writes), so replicas sharing a database act as one service. Reconnects by itself
 * when the database comes back; callers also poll, so a notification lost while down only delays.
 * Its calls are bounded like the pool's: a LISTEN that gets no answer (a frozen server) closes the
 * connection and starts a new one, rather than leaving the notifier waiting for ever.
 */
export class Notifier {
  private client: BoundedClient | null = null;
  private readonly handlers = new Map<string, Set<(payload: string) => void>>();
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  /** the LISTEN statements sent so far, chained */
  private listening: Promise<void> = Promise.resolve();

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  on(channel: string, handler: (payload: string) => void): void {
    let set = this.handlers.get(channel);
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(handler);
    // SQL: TypeORM has no LISTEN/NOTIFY API. One statement at a time on the connection: several
    // subscriptions in a row queue behind each other instead of overlapping (pg deprecates overlap)
    const client = this.client;
    if (client)
      this.listening = this.listening
        .then(() => client.query(`LISTEN ${channel}`))
        .then(
          () => undefined,
          () => undefined,
        );
  }

  async start(): Promise<void> {
    await this.connect().catch(() => this.scheduleReconnect());
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new BoundedClient({
      connectionString: this.url,
      connectionTimeoutMillis: 2000,
      readTimeoutMs: 2000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      application_name: 'tastegraph-notify',
    });
    client.on('error', (err) => {
      this.logger.warn({ err: err.message }, 'notification connection lost; reconnecting');
      this.client = null;
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    });
    client.on('notification', (n) => {
      for (const h of this.handlers.get(n.channel) ?? []) {
        try {
          h(n.payload ?? '');
        } catch (err) {
          this.logger.error({ err, channel: n.channel }, 'notification handler failed');
        }
      }
    });
    await client.connect();
    for (const channel of this.handlers.keys()) await client.query(`LISTEN ${channel}`);
    this.client = client;
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect().catch(() => this.scheduleReconnect());
    }, 1000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}
