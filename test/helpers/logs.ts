import { Writable } from 'node:stream';
import { createLogger } from '../../services/log.js';
import type { Logger } from '../../services/ports.js';

/** A real pino logger writing into memory, so tests can read what was logged (and what was not). */
export function memoryLogger(level: 'debug' | 'info' | 'warn' = 'debug'): { logger: Logger; lines: () => Record<string, unknown>[]; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } });
  const logger = createLogger({ level, destination });
  const text = () => chunks.join('');
  return { logger, text, lines: () => text().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}
