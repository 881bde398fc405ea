// Builds a tenant client from a running sandbox's credentials, over the sandbox transport: the same code
// path the composition root uses.
import type { Clock } from '../../../services/ports.js';
import type { SandboxHandle, SandboxTenantCredentials } from '../../../services/sandbox/index.js';
import { createTenantClient, createTransport, type RetryPolicy, type TenantClient, type Transport } from '../../../services/tenants/index.js';
import type { TenantSide } from '../../../services/tenants/types.js';
import { RecordingLogger } from './recordingLogger.js';

export const FAST_RETRY: Partial<RetryPolicy> = { maxAttempts: 12, baseDelayMs: 50, maxDelayMs: 2_000, maxTotalMs: 20_000 };

export function clientFor(
  sandbox: SandboxHandle,
  side: TenantSide,
  options: {
    logger?: RecordingLogger; retry?: Partial<RetryPolicy>; credentials?: Partial<SandboxTenantCredentials>; clock?: Clock;
    /** Where the sandbox transport sends requests, when not straight to the sandbox (a fault proxy in front of it). */
    url?: string;
    /** Wraps the sandbox transport (below User-Agent and retry), e.g. to capture what goes on the wire. */
    wrap?: (transport: Transport) => Transport;
  } = {},
): { client: TenantClient; logger: RecordingLogger } {
  const creds = { ...(side === 'source' ? sandbox.source : sandbox.target), ...options.credentials };
  const logger = options.logger ?? new RecordingLogger();
  const client = createTenantClient({
    side, tenantId: creds.tenantId, clientId: creds.clientId, adminUrl: creds.adminUrl,
    certificate: { privateKeyPem: creds.privateKeyPem, certificatePem: creds.certificatePem },
    authorityHost: 'https://login.microsoftonline.com', graphUrl: 'https://graph.microsoft.com',
  }, { transport: (options.wrap ?? (t => t))(createTransport({ sandboxUrl: options.url ?? sandbox.url })), logger, retry: options.retry ?? FAST_RETRY, clock: options.clock });
  return { client, logger };
}

/** The redirect sites the scenario put on the source and left in place (the recycled one is in the bin). */
export function expectedRedirectUrls(sandbox: SandboxHandle): string[] {
  const scenario = sandbox.scenario;
  if (!scenario) throw new Error('the sandbox did not publish its scenario');
  return scenario.users
    .filter(u => u.status === 'completed' && u.sourceSiteUrl !== scenario.recycledRedirectUrl)
    .map(u => u.sourceSiteUrl.toLowerCase())
    .sort();
}

/** One request as it went on the wire (below User-Agent and retry). */
export interface SentRequest { method: string; url: string; headers: Headers; body: string }

/** A client whose every request is also pushed onto `sent`, for exact-wire assertions. */
export function recordingClientFor(sandbox: SandboxHandle, side: TenantSide, sent: SentRequest[]): TenantClient {
  return clientFor(sandbox, side, {
    wrap: send => async (url, init) => {
      sent.push({ method: String(init.method), url: url.href, headers: new Headers(init.headers), body: String(init.body ?? '') });
      return send(url, init);
    },
  }).client;
}

/** The error a refused call rejects with; a call that succeeds fails the test. */
export const errorOf = <E = Error>(p: Promise<unknown>): Promise<E> =>
  p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as E);
