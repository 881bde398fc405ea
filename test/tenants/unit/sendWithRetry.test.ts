import { describe, expect, it } from '@jest/globals';
import { ThrottledError, UnreachableError } from '../../../services/errors.js';
import { sendWithRetry, type RetryPolicy } from '../../../services/tenants/pipeline/retry.js';
import type { Transport } from '../../../services/tenants/pipeline/transport.js';
import { FakeClock } from '../helpers/fakeClock.js';
import { RecordingLogger } from '../helpers/recordingLogger.js';

const POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxTotalMs: 30_000 };
const URL_ = new URL('https://northwind-admin.sharepoint.com/_vti_bin/client.svc/ProcessQuery');

type Step = () => Response | Error;

/** A transport that answers from a script, one step per request (the last repeats), and records what it was sent. */
function scripted(steps: Step[]): Transport & { calls: RequestInit[] } {
  const calls: RequestInit[] = [];
  const transport = async (_url: URL, init: RequestInit) => {
    calls.push(init);
    const step = steps[Math.min(calls.length - 1, steps.length - 1)]();
    if (step instanceof Error) throw step;
    return step;
  };
  return Object.assign(transport, { calls });
}

const reset: Step = () => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
const ok: Step = () => new Response('ok');
const status = (n: number, body = ''): Step => () => new Response(body, { status: n });
const throttled = (retryAfter: string): Step => () => new Response('busy', { status: 429, headers: { 'Retry-After': retryAfter } });

async function run(transport: Transport, clock = new FakeClock(), logger = new RecordingLogger(), init: RequestInit = { method: 'POST', body: '<x/>' }) {
  const response = await sendWithRetry(transport, URL_, init, { policy: POLICY, clock, logger, random: () => 0 });
  return { response, clock, logger };
}

describe('sendWithRetry', () => {
  it('honours Retry-After in seconds and as an HTTP date, then answers the success', async () => {
    const clock = new FakeClock(Date.parse('2026-01-01T10:00:00Z'));
    const transport = scripted([throttled('2'), throttled('Thu, 01 Jan 2026 10:00:07 GMT'), ok]);
    const { response } = await run(transport, clock);
    expect(await response.text()).toBe('ok');
    expect(clock.sleeps).toEqual([2_000, 5_000]);
    expect(transport.calls).toHaveLength(3);
    expect(transport.calls.every(c => c.body === '<x/>')).toBe(true);
  });

  it('logs one line per retry with host, attempt and wait, and nothing from the request headers', async () => {
    const transport = scripted([throttled('1'), reset, ok]);
    const { logger } = await run(transport, new FakeClock(), new RecordingLogger(), { method: 'GET', headers: { Authorization: 'Bearer secret-token-value' } });
    const retries = logger.lines.filter(l => l.msg === 'transient failure, retrying');
    expect(retries.map(l => [l.obj.attempt, l.obj.status, l.obj.host])).toEqual([[1, 429, URL_.host], [2, undefined, URL_.host]]);
    expect(logger.text()).not.toContain('secret-token-value');
  });

  it('survives connection resets and 503s with backoff', async () => {
    const transport = scripted([reset, status(503), ok]);
    const { response, clock } = await run(transport);
    expect(response.status).toBe(200);
    expect(clock.sleeps).toEqual([50, 100]);
  });

  it('answers a non-transient error response at once, without retrying', async () => {
    const transport = scripted([status(403, 'forbidden'), ok]);
    const { response, clock } = await run(transport);
    expect(response.status).toBe(403);
    expect(transport.calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('gives up with a ThrottledError an admin can act on after maxAttempts of 429', async () => {
    const transport = scripted([throttled('1')]);
    const err = await run(transport).catch(e => e);
    expect(err).toBeInstanceOf(ThrottledError);
    expect(err.userMessage).toContain('northwind-admin.sharepoint.com kept throttling');
    expect(err.userMessage).toMatch(/try again/i);
    expect(transport.calls).toHaveLength(POLICY.maxAttempts);
  });

  it('gives up before the total-time cap when the server asks for a longer wait', async () => {
    const transport = scripted([throttled('3600')]);
    const err = await run(transport).catch(e => e);
    expect(err).toBeInstanceOf(ThrottledError);
    expect(err.userMessage).toContain('asked to wait 3600 s');
    expect(transport.calls).toHaveLength(1);
  });

  it('gives up with an UnreachableError when the connection keeps failing', async () => {
    const transport = scripted([reset]);
    const err = await run(transport).catch(e => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect(err.userMessage).toContain('Could not reach northwind-admin.sharepoint.com after 4 attempts');
    expect(err.userMessage).toContain('UND_ERR_SOCKET');
  });

  it('stops waiting when the caller aborts', async () => {
    const controller = new AbortController();
    const clock = new FakeClock();
    clock.sleep = async () => { controller.abort(); controller.signal.throwIfAborted(); };
    const transport = scripted([throttled('1'), ok]);
    const err = await run(transport, clock, new RecordingLogger(), { method: 'GET', signal: controller.signal }).catch(e => e);
    expect(err.name).toBe('AbortError');
    expect(transport.calls).toHaveLength(1);
  });
});
