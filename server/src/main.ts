import './node-env';
import 'reflect-metadata';
import { loadConfigOrExit } from './config';
import { createLogger } from './logger';
import { startServer, type RunningServer } from './server';

/**
 * `npm start`: one process serving the API and the client.
 *
 * SIGINT (Ctrl-C), SIGTERM and SIGHUP (the terminal closed) drain it: no new connections, requests
 * in flight finish, the pool ends, and then the embedded PostgreSQL stops, since it runs in a
 * session of its own that the terminal's signal does not reach. A crash (an uncaught exception)
 * takes the same way out, so only a SIGKILL leaves PostgreSQL running, for the next start to adopt.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  let running: RunningServer | null = null;
  let stopping = false;
  const stop = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    try {
      await running?.close();
      logger.info('stopped');
    } catch (err) {
      logger.error({ err }, 'unclean shutdown');
      code = code || 1;
    }
    process.exit(code);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.on(signal, () => void stop(signal, 0));
  const crash = (err: unknown) => {
    logger.fatal({ err }, 'crashed');
    void stop('crash', 1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  // a signal while starting exits at once; the exit hook of the embedded PostgreSQL still stops it
  running = await startServer(config, logger);
}

main().catch((err) => {
  console.error('Tastegraph failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
