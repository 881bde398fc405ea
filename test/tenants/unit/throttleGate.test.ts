import { describe, expect, it } from '@jest/globals';
import { gatedTransport, reserveUnits, ThrottleGate } from '../../../services/tenants/pipeline/throttleGate.js';
import { ManualClock } from '../../helpers/clock.js';
import { RecordingLogger } from '../helpers/recordingLogger.js';

const URL_A = new URL('https://contoso-admin.sharepoint.com/_vti_bin/client.svc/ProcessQuery');

function answer(status: number, headers: Record<string, string> = {}): Response {
  return new Response('{}', { status, headers });
}

/** A transport that answers from a script and notes the clock time of each request. */
function scripted(clock: ManualClock, answers: Response[]) {
  const sentAt: number[] = [];
  const transport = async () => {
    sentAt.push(clock.now().getTime());
    return answers.shift() ?? answer(200);
  };
  return { transport, sentAt };
}

describe('tenant throttle gate', () => {
  it('holds every later request of the tenant after one 429, for the Retry-After it named', async () => {
    const clock = new ManualClock();
    const t0 = clock.now().getTime();
    const gate = new ThrottleGate(clock, new RecordingLogger());
    const { transport, sentAt } = scripted(clock, [answer(429, { 'retry-after': '3' })]);
    const send = gatedTransport(transport, gate);
    expect((await send(URL_A, {})).status).toBe(429);
    await send(URL_A, {});
    await send(URL_A, {});
    expect(sentAt.map((t) => t - t0)).toEqual([0, 3_000, 3_000]);
  });

  it('takes the larger of Retry-After and RateLimit-Reset, and an HTTP date', async () => {
    const clock = new ManualClock();
    const t0 = clock.now().getTime();
    const gate = new ThrottleGate(clock, new RecordingLogger());
    const later = new Date(t0 + 5_000).toUTCString();
    const { transport, sentAt } = scripted(clock, [answer(503, { 'retry-after': later, 'ratelimit-reset': '2' })]);
    const send = gatedTransport(transport, gate);
    await send(URL_A, {});
    await send(URL_A, {});
    expect(sentAt[1]! - t0).toBe(5_000);
  });

  it('waits for the reset once the budget left falls to the reserve, and not before', async () => {
    const clock = new ManualClock();
    const t0 = clock.now().getTime();
    const logger = new RecordingLogger();
    const gate = new ThrottleGate(clock, logger);
    const near = { 'ratelimit-limit': '1250', 'ratelimit-remaining': String(reserveUnits(1250) + 1), 'ratelimit-reset': '7' };
    const low = { ...near, 'ratelimit-remaining': String(reserveUnits(1250)) };
    const { transport, sentAt } = scripted(clock, [answer(200, near), answer(200, low)]);
    const send = gatedTransport(transport, gate);
    await send(URL_A, {});
    await send(URL_A, {});
    await send(URL_A, {});
    expect(sentAt.map((t) => t - t0)).toEqual([0, 0, 7_000]);
    expect(logger.lines.filter((l) => l.msg === 'tenant budget: holding new requests')).toHaveLength(1);
  });

  it('keeps a reserve of a few calls, or 2 % of a large budget', () => {
    expect(reserveUnits(100)).toBe(8);
    expect(reserveUnits(6250)).toBe(125);
  });

  it('ignores answers without throttling headers and a 429 that names no wait', async () => {
    const clock = new ManualClock();
    const t0 = clock.now().getTime();
    const gate = new ThrottleGate(clock, new RecordingLogger());
    const { transport, sentAt } = scripted(clock, [answer(200), answer(429), answer(500)]);
    const send = gatedTransport(transport, gate);
    for (let i = 0; i < 4; i++) await send(URL_A, {});
    expect(sentAt.map((t) => t - t0)).toEqual([0, 0, 0, 0]);
  });

  it('gives up waiting when the request is aborted', async () => {
    const gate = new ThrottleGate({ now: () => new Date(), sleep: (_ms, signal) => new Promise((_r, reject) => signal?.addEventListener('abort', () => reject(signal.reason))) }, new RecordingLogger());
    gate.observe(429, new Headers({ 'retry-after': '60' }));
    const controller = new AbortController();
    const waiting = gate.pass(controller.signal);
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
  });
});
