// A Logger that keeps every line (bindings merged in), so tests can assert on what was logged and on what never was.
import type { Logger } from '../../../services/ports.js';

export interface LogLine { level: 'debug' | 'info' | 'warn' | 'error'; obj: Record<string, unknown>; msg?: string }

export class RecordingLogger implements Logger {
  constructor(readonly lines: LogLine[] = [], private readonly bindings: object = {}) {}

  debug(obj: object, msg?: string): void { this.record('debug', obj, msg); }
  info(obj: object, msg?: string): void { this.record('info', obj, msg); }
  warn(obj: object, msg?: string): void { this.record('warn', obj, msg); }
  error(obj: object, msg?: string): void { this.record('error', obj, msg); }
  child(bindings: object): Logger { return new RecordingLogger(this.lines, { ...this.bindings, ...bindings }); }

  /** Everything logged, serialised as a log shipper would see it. */
  text(): string { return this.lines.map(l => JSON.stringify({ level: l.level, ...l.obj, msg: l.msg })).join('\n'); }

  private record(level: LogLine['level'], obj: object, msg?: string): void {
    this.lines.push({ level, obj: { ...this.bindings, ...obj }, msg });
  }
}
