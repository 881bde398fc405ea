// A run of redirect-site removals against the sandbox with SharePoint's resource-unit budget enforced:
// every removal completes, the client's throttle gate holds new requests when the budget runs low (so
// few or no calls are throttled), any 429 is waited out for at least its Retry-After (checked only when one
// comes: the gate often prevents them all), and no removal reaches the tenant twice.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import type { OperationOutcome } from '../../services/tenants/types.js';
import { clientFor } from './helpers/sandboxClient.js';
import { RecordingClock } from './helpers/recordingClock.js';
import { RecordingLogger } from './helpers/recordingLogger.js';

let sandbox: SandboxHandle;
beforeAll(async () => { sandbox = await startSandbox({ users: 60 }); });
afterAll(async () => { await sandbox.close(); });

/** At most `limit` at once, like the job runner's bounded concurrency. */
async function inBatches<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) { const i = next++; results[i] = await run(items[i]); }
  }));
  return results;
}

describe('removals under the resource-unit budget', () => {
  it('complete within the budget, held by the gate when it runs low, each site removed exactly once; a 429 that slips past the gate (not every run has one) is waited out for its Retry-After', async () => {
    const s = sandbox.scenario!;
    const special = new Set([s.heldRedirectUrl, s.recycledRedirectUrl, ...(s.lockedRedirects ?? [])]);
    const urls = s.users.filter(u => u.status === 'completed' && !special.has(u.sourceSiteUrl)).slice(0, 12).map(u => u.sourceSiteUrl);
    expect(urls.length).toBe(12);
    // 12 calls a second for this app on contoso: the run below needs about 40, so it must be throttled.
    sandbox.setFaults({ budget: { unitsPerWindow: 24, windowMs: 1_000, costPerRequest: 2 } });
    const logger = new RecordingLogger();
    const clock = new RecordingClock();
    const { client } = clientFor(sandbox, 'source', { logger, clock });
    const before = sandbox.changes().length;

    const outcomes = await inBatches<string, OperationOutcome | null>(urls, 3, async url => {
      // As the job does: re-read the site, then act.
      const site = await client.findSite(url);
      return site ? client.removeSite(url) : null;
    });

    const budget = sandbox.stats().budget!;
    sandbox.setFaults({}); // budget off for the checks
    expect(outcomes.every(o => o?.complete === true)).toBe(true);
    const holds = logger.lines.filter(l => l.msg === 'tenant budget: holding new requests');
    expect(holds.length).toBeGreaterThan(0);
    // Held because the budget ran low (RateLimit-Remaining on an answer that went through), not only after a 429.
    expect(holds.some((l) => l.obj.status !== 429)).toBe(true);
    // Only requests already in flight when the budget ran out can be throttled.
    expect(budget.throttled).toBeLessThanOrEqual(3 * holds.length);
    const retries = logger.lines.filter(l => l.msg === 'transient failure, retrying');
    for (const r of retries) {
      expect(r.obj).toMatchObject({ status: 429, serverAsked: true });
      expect(r.obj.waitMs as number).toBeGreaterThanOrEqual(1_000); // the budget's Retry-After is whole seconds, at least 1
    }
    expect(clock.sleeps.filter(ms => ms >= 1_000).length).toBeGreaterThanOrEqual(retries.length);

    const removals = sandbox.changes().slice(before);
    expect(removals.map(c => `${c.method} ${c.target} ${c.outcome}`).sort()).toEqual(urls.map(u => `RemoveSite ${u} ok`).sort());
    for (const url of urls) {
      expect(await client.findSite(url)).toBeNull();
      expect(await client.isInRecycleBin(url)).toBe(true);
    }
  });
});
