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
];

// pino's redaction takes explicit paths: the field itself, one and two levels down, and under headers.
const REDACT_PATHS = SECRET_FIELDS.flatMap((field) => {
  const f = /^[A-Za-z_$][\w$]*$/.test(field) ? field : `["${field}"]`;
  const join = (prefix: string) => (f.startsWith('[') ? `${prefix}${f}` : `${prefix}.${f}`);
  return [f, join('*'), join('*.*'), join('headers'), join('*.headers'), join('*.*.headers')];
});

export interface LogOptions {
  level?: LevelWithSilent;
  /** Where lines go; default stdout. Tests hand in a stream to read what was written. */
  destination?: DestinationStream;
  /**
   * Lines for people (pino-pretty: time, level, message, then the fields) instead of JSON. Default: when
   * stdout is a terminal and no destination is given; hosts, pipes and files keep one JSON object a line.
   */
  pretty?: boolean;
}

/** pino-pretty's settings: local clock time, and without the fields every line repeats. */
export const PRETTY_OPTIONS = { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app', singleLine: true } as const;

export function createLogger(options: LogOptions = {}): Logger {
  const settings = {
    level: options.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { app: 'post-migration-bot' },
  };
  const pretty = wantsPretty(options, process.stdout);
  // Redaction runs before a line leaves pino, so the pretty transport only ever sees redacted objects.
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
  return {
    debug: (obj, msg) => p.debug(obj, msg),
    info: (obj, msg) => p.info(obj, msg),
    warn: (obj, msg) => p.warn(obj, msg),
    error: (obj, msg) => p.error(obj, msg),
    child: (bindings) => wrap(p.child(bindings)),
  };
}
