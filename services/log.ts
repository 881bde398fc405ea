// The Logger port on pino. Redaction is the last line of defence: callers should not log secrets in the
// first place, but a stray header object or config dump must not leak a token or key into the log.
import { pino, type DestinationStream, type LevelWithSilent } from 'pino';
import type { Logger } from './ports.js';

const SECRET_FIELDS = [
  'authorization', 'Authorization', 'token', 'accessToken', 'access_token', 'refreshToken', 'idToken',
  'password', 'MicrosoftAppPassword', 'MicrosoftAppCertificatePrivateKey', 'privateKey', 'privateKeyPem',
  'clientSecret', 'client_assertion', 'key', 'apiKey', 'connectionString', 'AZURE_STORAGE_CONNECTION_STRING',
  'cookie', 'set-cookie',
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
}

export function createLogger(options: LogOptions = {}): Logger {
  const base = pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { app: 'post-migration-bot' },
    },
    options.destination,
  );
  return wrap(base);
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
