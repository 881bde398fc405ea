// The Logger port on pino. Redaction is the last line of defence: callers should not log secrets in the
// first place, but a stray header object or config dump must not leak a token or key into the log.
import { pino, type DestinationStream, type LevelWithSilent } from 'pino';
import type { Logger } from './ports.js';

// Secrets by their precise names, never by a generic word: an item's `key` ("remove-redirect:https://…")
// is what says which item failed, so it must reach the log. Names as botbuilder, msal-node, Azure SDKs,
// pino's request serialiser and our own config use them.
const SECRET_FIELDS = [
  // Authorization and session headers.
  'authorization', 'Authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-functions-key',
  // Tokens.
  'token', 'accessToken', 'access_token', 'refreshToken', 'refresh_token', 'idToken', 'id_token',
  'client_assertion',
  // Passwords and client secrets.
  'password', 'MicrosoftAppPassword', 'clientSecret', 'client_secret',
  // Private keys and certificates holding them.
  'MicrosoftAppCertificatePrivateKey', 'privateKey', 'privateKeyPem', 'private_key', 'pem', 'pfx',
  'apiKey', 'accountKey', 'sharedKey',
  // Connection strings (they embed account keys and instrumentation keys).
  'connectionString', 'AZURE_STORAGE_CONNECTION_STRING', 'APPLICATIONINSIGHTS_CONNECTION_STRING',
  // App Service's managed-identity secret: whoever holds it gets the identity's tokens from the endpoint.
  'IDENTITY_HEADER', 'x-identity-header',
];

const SECRETS = new Set(SECRET_FIELDS);
const CENSOR = '[redacted]';
/**
 * How deep a secret field is looked for, 0 being the logged object's own fields: the field itself, one and
 * two objects down, and inside `headers` at any of those, with a level to spare.
 */
const DEEPEST = 4;

/**
 * What is logged instead of `value`: every field named as a secret censored, the caller's object left as it
 * was (changed objects are copied, prototype and all, so an Error stays one); `value` itself when there is
 * nothing to censor. One walk with the names in a Set: pino's own redaction re-reads ~150 paths on every
 * line, which cost ~90 µs a line, a chat turn's log line as much as a twentieth of the turn.
 */
export function redacted<T>(value: T, depth = 0): T {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return value;
  let changes: Map<string, unknown> | undefined;
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    const was = fields[key];
    const now = SECRETS.has(key) ? CENSOR : depth < DEEPEST ? redacted(was, depth + 1) : was;
    if (now !== was) (changes ??= new Map()).set(key, now);
  }
  return changes ? withChanges(value, changes) : value;
}

function withChanges<T extends object>(value: T, changes: Map<string, unknown>): T {
  if (Array.isArray(value)) {
    const copy = [...value];
    for (const [key, v] of changes) copy[Number(key)] = v;
    return copy as T;
  }
  const fields = Object.getOwnPropertyDescriptors(value) as Record<string, PropertyDescriptor>;
  for (const [key, v] of changes) fields[key] = { value: v, enumerable: true, writable: true, configurable: true };
  return Object.create(Object.getPrototypeOf(value) as object | null, fields) as T;
}

export interface LogOptions {
  level?: LevelWithSilent;
  /** Where lines go; default stdout. Tests hand in a stream to read what was written. */
  destination?: DestinationStream;
  /**
   * Lines for people (pino-pretty: time, level, message, then the fields) instead of JSON. Default: when
   * stdout is a terminal and no destination is given; hosts, pipes and files keep one JSON object a line.
   */
  pretty?: boolean;
  /**
   * A second destination for every line written, after redaction: telemetry's log records
   * (services/telemetry/logRecords.ts). Absent when telemetry is off, and then nothing changes.
   */
  alsoTo?: { write(line: string): void };
}

/** pino-pretty's settings: local clock time, and without the fields every line repeats. */
export const PRETTY_OPTIONS = { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app', singleLine: true } as const;

export function createLogger(options: LogOptions = {}): Logger {
  const settings = {
    level: options.level ?? 'info',
    base: { app: 'post-migration-bot' },
  };
  const pretty = wantsPretty(options, process.stdout);
  // Redaction runs before a line reaches pino (wrap), so the pretty transport only ever sees redacted objects.
  if (options.alsoTo) {
    const first = pretty ? pino.transport({ target: 'pino-pretty', options: PRETTY_OPTIONS }) as DestinationStream : options.destination ?? pino.destination(1);
    return wrap(pino(settings, pino.multistream([{ level: settings.level, stream: first }, { level: settings.level, stream: options.alsoTo }])));
  }
  const base = pretty
    ? pino({ ...settings, transport: { target: 'pino-pretty', options: PRETTY_OPTIONS } })
    : pino(settings, options.destination);
  return wrap(base);
}

/** Pretty when asked, else when lines go to a terminal (stdout, no destination given). */
export function wantsPretty(options: LogOptions, stdout: { isTTY?: boolean }): boolean {
  return options.pretty ?? (options.destination === undefined && stdout.isTTY === true);
}

function wrap(p: pino.Logger): Logger {
  // The level is asked first: a line that is not written is not walked either.
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (obj: object, msg?: string) => {
    if (p.isLevelEnabled(level)) p[level](redacted(obj), msg);
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (bindings) => wrap(p.child(redacted(bindings))),
  };
}
