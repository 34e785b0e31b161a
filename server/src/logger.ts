import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs on stdout (pipe through pino-pretty to read them by eye). */
export function createLogger(level = process.env.LOG_LEVEL || 'info'): Logger {
  return pino({ level, base: { service: 'tastegraph' } });
}

/** For CLIs and tests: warnings and errors only, on stderr, so stdout stays clean. */
export function createQuietLogger(): Logger {
  return pino({ level: process.env.LOG_LEVEL || 'warn' }, pino.destination(2));
}
