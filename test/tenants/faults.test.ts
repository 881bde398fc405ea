import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ThrottledError, UnreachableError } from '../../services/errors.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { clientFor, expectedRedirectUrls } from './helpers/sandboxClient.js';
import { RecordingLogger } from './helpers/recordingLogger.js';

let sandbox: SandboxHandle;

beforeAll(async () => { sandbox = await startSandbox({ users: 30, pageSize: 7 }); });
afterEach(() => sandbox.setFaults({}));
afterAll(async () => { await sandbox.close(); });

const retryLines = (logger: RecordingLogger) => logger.lines.filter(l => l.msg === 'transient failure, retrying');
const sortedUrls = (sites: { url: string }[]) => sites.map(s => s.url.toLowerCase()).sort();

describe('tenant client under faults', () => {
  it('finishes a paged listing while throttled, waiting at least what Retry-After asked (seconds and HTTP date)', async () => {
    const { client, logger } = clientFor(sandbox, 'source');
    sandbox.setFaults({ throttleRate: 0.3, retryAfterSeconds: 1, retryAfterForm: 'both' });
    const before = sandbox.stats().throttled;
    const started = Date.now();
    const sites = await client.listRedirectSites();
    const elapsed = Date.now() - started;
    expect(sortedUrls(sites)).toEqual(expectedRedirectUrls(sandbox));
    const throttled = sandbox.stats().throttled - before;
    expect(throttled).toBeGreaterThan(0);
    const waits = retryLines(logger).filter(l => l.obj.status === 429);
    expect(waits).toHaveLength(throttled);
    expect(waits.every(l => l.obj.serverAsked === true && (l.obj.waitMs as number) >= 900)).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(900 * throttled);
  });

  it('survives injected 503s and connection resets', async () => {
    const { client, logger } = clientFor(sandbox, 'source');
    sandbox.setFaults({ unavailableRate: 0.2, resetRate: 0.2, retryAfterSeconds: 0 });
    const before = sandbox.stats();
    const sites = await client.listRedirectSites();
    expect(sortedUrls(sites)).toEqual(expectedRedirectUrls(sandbox));
    const after = sandbox.stats();
    expect(after.resets - before.resets + after.unavailable - before.unavailable).toBeGreaterThan(0);
    const statuses = new Set(retryLines(logger).map(l => l.obj.status ?? 'reset'));
    expect([...statuses].every(s => s === 503 || s === 'reset')).toBe(true);
  });

  it('gives a ThrottledError an admin can act on, within the total-time cap, when throttling never stops', async () => {
    const { client } = clientFor(sandbox, 'source', { retry: { maxAttempts: 50, baseDelayMs: 50, maxDelayMs: 500, maxTotalMs: 3_000 } });
    sandbox.setFaults({ throttleRate: 1, retryAfterSeconds: 1 });
    const started = Date.now();
    const err = await client.getHostUrl().catch(e => e);
    expect(err).toBeInstanceOf(ThrottledError);
    expect(err.userMessage).toContain('contoso-admin.sharepoint.com kept throttling');
    expect(err.userMessage).toMatch(/try again/i);
    expect(Date.now() - started).toBeLessThan(10_000); // the cap is 3 s; without it, 50 tries take 20 s and more
  });

  it('gives an UnreachableError naming the host when every connection is reset', async () => {
    const { client } = clientFor(sandbox, 'target', { retry: { maxAttempts: 50, baseDelayMs: 50, maxDelayMs: 500, maxTotalMs: 3_000 } });
    sandbox.setFaults({ resetRate: 1 });
    const started = Date.now();
    const err = await client.getTrust('Source', sandbox.source.myHostUrl).catch(e => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect(err.userMessage).toContain('Could not reach fabrikam-admin.sharepoint.com');
    expect(Date.now() - started).toBeLessThan(10_000); // the cap is 3 s; without it, 50 tries take 20 s and more
  });

  it('never retries a request the service refused (404): one request, no retry line', async () => {
    const { client, logger } = clientFor(sandbox, 'source');
    await client.getUser('nobody@contoso.onmicrosoft.com'); // token first, so the count below is the Graph call only
    const before = sandbox.stats().byHost['graph.microsoft.com'] ?? 0;
    expect(await client.getUser('still.nobody@contoso.onmicrosoft.com')).toBeNull();
    expect(sandbox.stats().byHost['graph.microsoft.com']).toBe(before + 1);
    expect(retryLines(logger)).toHaveLength(0);
  });
});
