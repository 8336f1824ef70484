/**
 * Structured JSON logs (pino). One root logger is created at startup from the config and passed down;
 * controllers and reconciles log through children carrying controller and key.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

/** Log levels the operator accepts. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** One of LOG_LEVELS. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Creates the root logger.
 * @param level @default info
 * @param destination @default stdout
 */
export function createLogger(level: LogLevel = 'info', destination?: DestinationStream): Logger {
  const opts = { level, base: { app: 'skycluster-controller' }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(opts, destination) : pino(opts);
}

/** A logger that drops everything (tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
