// Bounded, transient-only retry for every tenant request (STYLE §10.6). Replaces PnPjs's
// BrowserFetchWithRetry, which counts attempts as "retries", reads Retry-After as whole seconds only,
// never caps a wait and retries network errors with no pause (read in @pnp/queryable 4.21.0
// behaviors/browser-fetch.js).
import { ThrottledError, UnreachableError } from '../../errors.js';
import type { Clock, Logger } from '../../ports.js';
import type { Transport } from './transport.js';

export interface RetryPolicy {
  maxAttempts: number; baseDelayMs: number; maxDelayMs: number; maxTotalMs: number;
  /**
   * Deadline of one attempt until its answer begins. Without one, a host that takes the connection and
   * never answers held the call for undici's 300 s per attempt (half an hour over the attempts) before
   * maxTotalMs was even looked at; an attempt past it is retried like a reset. Default 30 s.
   */
  attemptTimeoutMs?: number;
  /**
   * Retry throttling only (429, or 503 with Retry-After: the service did nothing), never a reset or another
   * 5xx, which may come after the service acted: for a call with no idempotency key (sendMail).
   */
  throttlingOnly?: boolean;
}

const DEFAULT_ATTEMPT_TIMEOUT_MS = 30_000;
/**
 * The one retry policy for tenant requests (SharePoint REST and CSOM, Graph, Entra tokens). Worst case per
 * call: 6 HTTP tries (maxAttempts), fewer when the waits would pass 120 s (maxTotalMs); sendMail retries
 * throttling only, so a reset or a 5xx on it is 1 try. Nothing above the pipeline tries a call again for
 * throttling or a transient answer (the job runner, bulk reads and guidance delivery take its
 * ThrottledError / UnreachableError as the call's end), so 6 is also the most any tenant call is sent;
 * test/faults/triesPerCall.test.ts holds every layer to it.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 1_000, maxDelayMs: 30_000, maxTotalMs: 120_000, attemptTimeoutMs: DEFAULT_ATTEMPT_TIMEOUT_MS };

/** 408/429/502/503/504 only: any other 4xx means the request itself is wrong and would fail again. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

// A reset can come after the server acted, so a retried POST may repeat a change. That is accepted for
// our changing CSOM calls because each repeat fails safely rather than doing more: RemoveSite answers
// SpoNoSiteException, RemoveDeletedSite "Unable to find the deleted site", RemoveSPOTenantOrgRelation
// "no relationship", and unlock sets the same state again; the job re-reads each item before acting.
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

// Duck-typed, not `instanceof Error`: fetch's errors can come from another realm (jest's VM contexts do this).
interface ErrorLike { name: string; message: string; code?: string; cause?: { code?: string } }
const isErrorLike = (err: unknown): err is ErrorLike =>
  typeof err === 'object' && err !== null && typeof (err as ErrorLike).name === 'string' && typeof (err as ErrorLike).message === 'string';

export function isAbort(err: unknown): boolean {
  return isErrorLike(err) && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

/** undici reports every connection failure as `TypeError: fetch failed` with the socket error as `cause`. */
export function isTransientNetworkError(err: unknown): boolean {
  if (!isErrorLike(err) || isAbort(err)) return false;
  const code = err.code ?? err.cause?.code;
  return (err.name === 'TypeError' && /fetch failed/i.test(err.message)) || (code !== undefined && NETWORK_CODES.has(code));
}

/** Retry-After (delta seconds or HTTP date) and RateLimit-Reset (delta seconds): the larger wins. */
export function serverWaitMs(headers: Headers, now: Date): number | undefined {
  const waits = [parseRetryAfter(headers.get('retry-after'), now), parseSeconds(headers.get('ratelimit-reset'))]
    .filter((w): w is number => w !== undefined);
  return waits.length ? Math.max(...waits) : undefined;
}

function parseSeconds(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Math.round(Number(value) * 1000);
}

function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (value === null) return undefined;
  const seconds = parseSeconds(value);
  if (seconds !== undefined) return seconds;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** Exponential backoff with "equal jitter": never less than half the step, so waits still grow. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + (random * step) / 2);
}

export interface Outcome { status?: number; headers?: Headers; error?: unknown }
export type RetryDecision =
  | { retry: true; waitMs: number; serverAsked: boolean }
  | { retry: false; reason: 'not-transient' | 'attempts' | 'total-time'; waitMs?: number };

/** Pure: what to do after `attempt` attempts ended in `outcome`, `elapsedMs` after the first one started. */
export function decideRetry(outcome: Outcome, attempt: number, elapsedMs: number, now: Date, policy: RetryPolicy, random: number): RetryDecision {
  const transient = outcome.status !== undefined ? RETRYABLE_STATUSES.has(outcome.status) : isTransientNetworkError(outcome.error);
  if (!transient) return { retry: false, reason: 'not-transient' };
  if (attempt >= policy.maxAttempts || (policy.throttlingOnly && !isThrottling(outcome))) return { retry: false, reason: 'attempts' };
  const asked = outcome.headers ? serverWaitMs(outcome.headers, now) : undefined;
  // The server's wait is a floor (throttled calls still count against us); jitter only ever adds to it.
  const waitMs = asked !== undefined
    ? asked + Math.round(random * Math.min(policy.baseDelayMs, 1_000))
    : backoffMs(attempt, policy, random);
  if (elapsedMs + waitMs > policy.maxTotalMs) return { retry: false, reason: 'total-time', waitMs };
  return { retry: true, waitMs, serverAsked: asked !== undefined };
}

/** The service refused for load and did nothing: 429, or 503 naming a wait. */
export function isThrottling(outcome: Outcome): boolean {
  return outcome.status === 429 || (outcome.status === 503 && outcome.headers?.has('retry-after') === true);
}

export interface RetryDeps { policy: RetryPolicy; clock: Clock; logger: Logger; random?: () => number }

/** Sends through `transport`, retrying transient failures; answers every non-transient response as is. */
export async function sendWithRetry(transport: Transport, url: URL, init: RequestInit, deps: RetryDeps): Promise<Response> {
  const { policy, clock, logger } = deps;
  const random = deps.random ?? Math.random;
  const started = clock.now().getTime();
  const signal = init.signal ?? undefined;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    const outcome = await attemptOnce(transport, url, init, policy.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS);
    if (outcome.response && !RETRYABLE_STATUSES.has(outcome.response.status)) return outcome.response;
    const now = clock.now();
    const decision = decideRetry(outcome, attempt, now.getTime() - started, now, policy, random());
    if (!decision.retry) {
      if (decision.reason === 'not-transient' && outcome.response) return outcome.response;
      if (decision.reason === 'not-transient') throw outcome.error;
      throw givenUp(url, outcome, attempt, now.getTime() - started, decision.waitMs);
    }
    // Free the connection; not awaited, as a cancel can wait on a reader that never comes.
    outcome.response?.body?.cancel().catch(() => undefined);
    logger.warn({ host: url.host, path: url.pathname, attempt, status: outcome.status, error: describe(outcome.error), waitMs: decision.waitMs, serverAsked: decision.serverAsked }, 'transient failure, retrying');
    await clock.sleep(decision.waitMs, signal);
  }
}

async function attemptOnce(transport: Transport, url: URL, init: RequestInit, timeoutMs: number): Promise<Outcome & { response?: Response }> {
  // Our own deadline, apart from the caller's signal: only the caller's abort ends the call at once.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const caller = init.signal ?? undefined;
  try {
    const response = await transport(url, { ...init, signal: caller ? AbortSignal.any([caller, deadline.signal]) : deadline.signal });
    return { response, status: response.status, headers: response.headers };
  } catch (error) {
    if (deadline.signal.aborted && !caller?.aborted) {
      return { error: Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }) };
    }
    if (isAbort(error)) throw error;
    return { error };
  } finally {
    // Cleared once the answer has begun: reading its body is the caller's, under the caller's signal.
    clearTimeout(timer);
  }
}

function describe(error: unknown): string | undefined {
  if (!isErrorLike(error)) return undefined;
  const code = error.cause?.code ?? error.code;
  return code ? `${error.message} (${code})` : error.message;
}

function givenUp(url: URL, outcome: Outcome, attempts: number, elapsedMs: number, pendingWaitMs?: number): Error {
  const seconds = Math.round(elapsedMs / 1000);
  const throttled = isThrottling(outcome);
  const detail = { host: url.host, path: url.pathname, attempts, elapsedMs, lastStatus: outcome.status, lastError: describe(outcome.error) };
  const later = pendingWaitMs !== undefined ? ` It asked to wait ${Math.ceil(pendingWaitMs / 1000)} s more.` : '';
  if (throttled) {
    return new ThrottledError(
      `${url.host} ${outcome.status === 429 ? 'kept throttling requests' : 'kept answering "service unavailable"'} (HTTP ${outcome.status}) for ${seconds} s over ${attempts} attempts.${later} `
      + 'Wait a few minutes and try again; if it keeps happening, run fewer operations on this tenant at once.', detail);
  }
  const last = outcome.status !== undefined ? `HTTP ${outcome.status}` : describe(outcome.error) ?? 'no answer';
  return new UnreachableError(
    `Could not reach ${url.host} after ${attempts} attempts over ${seconds} s (last: ${last}). `
    + `Check that this machine can reach ${url.host} (network, proxy, firewall) and the Microsoft 365 service health, then try again.`, detail);
}

/** The transport every layer above uses: same signature, retries included. */
export function retryingTransport(transport: Transport, deps: RetryDeps): Transport {
  return (url, init) => sendWithRetry(transport, url, init, deps);
}
