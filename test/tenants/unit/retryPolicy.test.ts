import { describe, expect, it } from '@jest/globals';
import { backoffMs, decideRetry, serverWaitMs, type RetryPolicy } from '../../../services/tenants/pipeline/retry.js';

const POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 8_000, maxTotalMs: 60_000 };
const NOW = new Date('2026-01-01T10:00:00Z');
const headers = (h: Record<string, string>) => new Headers(h);

describe('server-asked waits', () => {
  it('reads Retry-After as delta seconds', () => {
    expect(serverWaitMs(headers({ 'Retry-After': '7' }), NOW)).toBe(7_000);
  });
  it('reads Retry-After as an HTTP date, relative to the clock', () => {
    expect(serverWaitMs(headers({ 'Retry-After': 'Thu, 01 Jan 2026 10:00:12 GMT' }), NOW)).toBe(12_000);
  });
  it('treats an HTTP date in the past as no wait', () => {
    expect(serverWaitMs(headers({ 'Retry-After': 'Thu, 01 Jan 2026 09:59:00 GMT' }), NOW)).toBe(0);
  });
  it('takes the larger of Retry-After and RateLimit-Reset', () => {
    expect(serverWaitMs(headers({ 'Retry-After': '2', 'RateLimit-Reset': '9' }), NOW)).toBe(9_000);
    expect(serverWaitMs(headers({ 'Retry-After': '20', 'RateLimit-Reset': '9' }), NOW)).toBe(20_000);
    expect(serverWaitMs(headers({ 'RateLimit-Reset': '3' }), NOW)).toBe(3_000);
  });
  it('ignores values it cannot read', () => {
    expect(serverWaitMs(headers({ 'Retry-After': 'soon' }), NOW)).toBeUndefined();
    expect(serverWaitMs(headers({}), NOW)).toBeUndefined();
  });
});

describe('retry decisions', () => {
  it('waits at least what the server asked, plus a little jitter, never less', () => {
    const d = decideRetry({ status: 429, headers: headers({ 'Retry-After': '3' }) }, 1, 0, NOW, POLICY, 0.999);
    expect(d).toMatchObject({ retry: true, serverAsked: true });
    const wait = (d as { waitMs: number }).waitMs;
    expect(wait).toBeGreaterThanOrEqual(3_000);
    expect(wait).toBeLessThanOrEqual(4_000);
  });

  it('retries 408, 429, 502, 503, 504 and connection resets', () => {
    for (const status of [408, 429, 502, 503, 504]) expect(decideRetry({ status }, 1, 0, NOW, POLICY, 0.5).retry).toBe(true);
    const reset = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    expect(decideRetry({ error: reset }, 1, 0, NOW, POLICY, 0.5).retry).toBe(true);
  });

  it('never retries other 4xx, a 500, an abort or a programming error', () => {
    for (const status of [400, 401, 403, 404, 409, 412, 422, 500]) {
      expect(decideRetry({ status }, 1, 0, NOW, POLICY, 0.5)).toEqual({ retry: false, reason: 'not-transient' });
    }
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(decideRetry({ error: abort }, 1, 0, NOW, POLICY, 0.5).retry).toBe(false);
    expect(decideRetry({ error: new RangeError('bug') }, 1, 0, NOW, POLICY, 0.5).retry).toBe(false);
  });

  it('throttlingOnly (a call with no idempotency key): retries 429 and 503 with Retry-After, gives up at once on anything that may have acted', () => {
    const once: RetryPolicy = { ...POLICY, throttlingOnly: true };
    expect(decideRetry({ status: 429 }, 1, 0, NOW, once, 0.5).retry).toBe(true);
    expect(decideRetry({ status: 503, headers: headers({ 'Retry-After': '1' }) }, 1, 0, NOW, once, 0.5).retry).toBe(true);
    for (const status of [408, 502, 503, 504]) expect(decideRetry({ status }, 1, 0, NOW, once, 0.5)).toEqual({ retry: false, reason: 'attempts' });
    const reset = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    expect(decideRetry({ error: reset }, 1, 0, NOW, once, 0.5)).toEqual({ retry: false, reason: 'attempts' });
  });

  it('stops after maxAttempts', () => {
    expect(decideRetry({ status: 503 }, 5, 0, NOW, POLICY, 0.5)).toEqual({ retry: false, reason: 'attempts' });
  });

  it('stops when the next wait would pass the total-time cap, and says how long the server wanted', () => {
    const d = decideRetry({ status: 429, headers: headers({ 'Retry-After': '30' }) }, 2, 40_000, NOW, POLICY, 0);
    expect(d).toEqual({ retry: false, reason: 'total-time', waitMs: 30_000 });
  });

  it('backs off exponentially with jitter, capped at maxDelayMs', () => {
    expect(backoffMs(1, POLICY, 0)).toBe(500);
    expect(backoffMs(1, POLICY, 1)).toBe(1_000);
    expect(backoffMs(3, POLICY, 0)).toBe(2_000);
    expect(backoffMs(3, POLICY, 1)).toBe(4_000);
    expect(backoffMs(10, POLICY, 1)).toBe(8_000);
    expect(backoffMs(10, POLICY, 0)).toBe(4_000);
  });
});
