// Telemetry as the rest of the product sees it: a port with a do-nothing default. Only with
// APPLICATIONINSIGHTS_CONNECTION_STRING set is the Azure Monitor distro imported (azureMonitor.ts) and
// started; without it no OpenTelemetry module is loaded at all, so the default costs nothing and sends nothing.

/** What an incoming request is, in words that are safe to send (the caller keeps to known values). */
export interface RequestFacts {
  method: string;
  route: string;
  activityType?: string;
  cardVerb?: string;
}

/** How one try of a tenant call ended, as the tenant pipeline reads it (pipeline/retry.ts). */
export interface AttemptOutcome {
  status?: number;
  /** 429, or 503 naming a wait. */
  throttled: boolean;
  /** The wait the answer asked for (Retry-After / RateLimit-Reset), in ms. */
  waitMs?: number;
}

export interface Telemetry {
  readonly enabled: boolean;
  /** Runs one incoming request inside a server span; `handle` resolves with the HTTP status it answered. */
  request(facts: RequestFacts, handle: () => Promise<number>): Promise<void>;
  /** Runs one tenant call, all its tries included, inside a client span (services/tenants/pipeline/tracing.ts). */
  tenantCall(side: string, url: URL, method: string, send: () => Promise<Response>): Promise<Response>;
  /** One try of the tenant call around it ended: counted, and marked when it was throttled. */
  tenantAttempt(outcome: AttemptOutcome): void;
  /** Job progress: one item of a plan finished. */
  jobItem(planKind: string, outcome: string): void;
  /** A job finished with its final state. */
  jobFinished(planKind: string, state: string): void;
  /** Where the logger writes its (already redacted) JSON lines to become log records; absent when off. */
  readonly logLines?: { write(line: string): void };
  /** Sends what is buffered and stops; afterwards the process may start telemetry again. */
  shutdown(): Promise<void>;
}

export const noTelemetry: Telemetry = {
  enabled: false,
  request: async (_facts, handle) => { await handle(); },
  tenantCall: (_side, _url, _method, send) => send(),
  tenantAttempt: () => undefined,
  jobItem: () => undefined,
  jobFinished: () => undefined,
  shutdown: async () => undefined,
};

export interface TelemetrySettings {
  connectionString: string;
  /** The bot's version, sent as service.version. */
  version: string;
  /** Ingestion signed in with the web app's managed identity (Entra) rather than the connection string's key. */
  entraAuth: boolean;
  /** Extra trust for the ingestion endpoint's TLS certificate (tests' loopback endpoint); none in production. */
  tlsCa?: string;
}

/** Off (noTelemetry) without a connection string; otherwise the distro, started before anything else is built. */
export async function startTelemetry(settings: TelemetrySettings | undefined): Promise<Telemetry> {
  if (!settings) return noTelemetry;
  const { startAzureMonitor } = await import('./azureMonitor.js');
  return startAzureMonitor(settings);
}
