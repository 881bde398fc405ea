// The bot's log lines as OpenTelemetry log records. The distro instruments bunyan, winston and console,
// not pino (@azure/monitor-opentelemetry 1.21 InstrumentationOptions), so the logger gets this as a second
// destination: it receives each JSON line after services/log.ts has redacted it, and scrub.ts takes out
// what redaction keeps but telemetry must not send (addresses, personal sites, URL paths).
// An error line that carries an error (`err` or `detail` with a message) becomes exception telemetry,
// under the request or call it happened in (the active span).
import { logs, SeverityNumber, type AnyValueMap } from '@opentelemetry/api-logs';
import { SERVICE_NAME } from './names.js';
import { scrubField, scrubText } from './scrub.js';

/** pino's numeric levels → OpenTelemetry severities. */
const SEVERITY: Record<number, SeverityNumber> = {
  10: SeverityNumber.TRACE, 20: SeverityNumber.DEBUG, 30: SeverityNumber.INFO,
  40: SeverityNumber.WARN, 50: SeverityNumber.ERROR, 60: SeverityNumber.FATAL,
};
/** pino's own fields: the record has them already (time, severity, body) or they say nothing (pid, hostname). */
const PINO_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'app', 'v']);
const ERROR_FIELDS = ['err', 'detail'] as const;

interface ErrorShape { name?: string; type?: string; message?: string; stack?: string }

export function logRecordLines(): { write(line: string): void } {
  const logger = logs.getLogger(SERVICE_NAME);
  return {
    write(line: string) {
      let entry: Record<string, unknown>;
      try { entry = JSON.parse(line) as Record<string, unknown>; } catch { return; }
      const level = typeof entry.level === 'number' ? entry.level : 30;
      const error = level >= 50 ? errorIn(entry) : undefined;
      logger.emit({
        severityNumber: SEVERITY[level] ?? SeverityNumber.INFO,
        body: scrubText(String(entry.msg ?? '')),
        attributes: { ...attributesOf(entry, error), ...(error ? exceptionAttributes(error) : {}) },
      });
    },
  };
}

function attributesOf(entry: Record<string, unknown>, error: { field: string } | undefined): AnyValueMap {
  const attributes: AnyValueMap = {};
  for (const [key, value] of Object.entries(entry)) {
    if (PINO_FIELDS.has(key) || key === error?.field) continue;
    const safe = scrubField(key, value);
    if (safe !== undefined) attributes[key] = safe;
  }
  return attributes;
}

/** The first error-shaped field (a message, maybe a stack): what the exporter sends as an exception. */
function errorIn(entry: Record<string, unknown>): { field: string; value: ErrorShape } | undefined {
  for (const field of ERROR_FIELDS) {
    const value = entry[field] as ErrorShape | undefined;
    if (value && typeof value === 'object' && typeof value.message === 'string') return { field, value };
  }
  return undefined;
}

function exceptionAttributes({ value }: { value: ErrorShape }): AnyValueMap {
  const type = value.name ?? value.type ?? 'Error';
  const message = value.message ?? '';
  // The exporter sends an exception only with a stack; some lines keep the message alone (jobRunner's describe).
  return {
    'exception.type': type,
    'exception.message': scrubText(message),
    'exception.stacktrace': scrubText(value.stack || `${type}: ${message}`),
  };
}
