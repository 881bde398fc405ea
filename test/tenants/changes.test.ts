// The changing operations over real HTTP against the simulated tenants: trust removal on each side, the
// redirect-site lifecycle (remove → recycle bin → purge), refusals with the tenant's message, polling.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TenantError } from '../../services/errors.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { POLL_POLICY } from '../../services/tenants/operations/pollOperation.js';
import { clientFor } from './helpers/sandboxClient.js';
import { RecordingClock } from './helpers/recordingClock.js';

const errorOf = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as TenantError);

/** Completed users' redirect sites that nothing special happens to (not held, not recycled, not locked). */
function plainRedirects(sandbox: SandboxHandle): string[] {
  const s = sandbox.scenario!;
  const special = new Set([s.heldRedirectUrl, s.recycledRedirectUrl, ...(s.lockedRedirects ?? [])]);
  return s.users.filter(u => u.status === 'completed' && !special.has(u.sourceSiteUrl)).map(u => u.sourceSiteUrl);
}

describe('remove trust', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => { sandbox = await startSandbox({ users: 12 }); });
  afterAll(async () => { await sandbox.close(); });

  it('removes each side with the partner\'s role; verification follows, and Graph then answers 422 for move states', async () => {
    const source = clientFor(sandbox, 'source');
    const target = clientFor(sandbox, 'target').client;
    const upn = sandbox.scenario!.users[0].sourceUpn;
    expect(await source.client.getMoveState(upn)).not.toBeNull(); // readable while trust stands

    await source.client.removeTrust('Target', sandbox.target.myHostUrl);
    expect((await source.client.getTrust('Target', sandbox.target.myHostUrl)).verification).toBe('NotEstablished');
    expect((await target.getTrust('Source', sandbox.source.myHostUrl)).verification).toBe('NotEstablishedByPartner');
    const line = source.logger.lines.find(l => l.msg === 'trust removed');
    expect(line?.obj).toMatchObject({ side: 'source', partnerHost: sandbox.target.myHostUrl, sent: { scenario: 'MnA=1', partnerRole: 'Target=2' } });

    await target.removeTrust('Source', sandbox.source.myHostUrl.replace(/\/$/, '')); // slash added for us
    expect((await target.getTrust('Source', sandbox.source.myHostUrl)).verification).toBe('NotEstablished');

    const err = await errorOf(source.client.getMoveState(upn));
    expect(err).toBeInstanceOf(TenantError);
    expect(err.httpStatus).toBe(422);
    expect(err.serviceCode).toBe('NoCrossTenantRelationship');
  });

  it('refuses a second removal with the tenant\'s message', async () => {
    const err = await errorOf(clientFor(sandbox, 'source').client.removeTrust('Target', sandbox.target.myHostUrl));
    expect(err.httpStatus).toBe(200);
    expect(err.userMessage).toContain('There is no Cross-Tenant relationship established');
  });
});

describe('redirect sites', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => { sandbox = await startSandbox({ users: 40, operationPollingMs: 120 }); });
  afterAll(async () => { await sandbox.close(); });

  it('removes a redirect site into the recycle bin (complete at once: no wait), then purges it (pending: polled at the advertised interval)', async () => {
    const url = plainRedirects(sandbox)[0];
    const clock = new RecordingClock();
    const { client } = clientFor(sandbox, 'source', { clock });
    expect(await client.findSite(url)).toMatchObject({ url, lockState: 'Unlock', hasHolds: false });
    expect(await client.isInRecycleBin(url)).toBe(false);

    // The tenant's first removal completes at once (PollingInterval 15000, never slept); its second stays pending.
    expect(await client.removeSite(url)).toEqual({ complete: true, polls: 0 });
    expect(clock.sleeps).toEqual([]);
    expect(await client.findSite(url)).toBeNull();
    expect(await client.isInRecycleBin(url)).toBe(true);

    const purged = await client.purgeDeletedSite(url);
    expect(purged.complete).toBe(true);
    expect(purged.polls).toBeGreaterThanOrEqual(1);
    expect(purged.polls).toBeLessThanOrEqual(POLL_POLICY.maxPolls);
    expect(clock.sleeps).toEqual(Array(purged.polls).fill(120)); // PollingInterval in ms, as answered
    expect(await client.isInRecycleBin(url)).toBe(false);
    expect((await client.listRedirectSites()).map(s => s.url)).not.toContain(url);
  });

  it('answers SpoNoSiteException for a site that is not there (removeSite), null (findSite)', async () => {
    const { client } = clientFor(sandbox, 'source');
    const url = 'https://contoso-my.sharepoint.com/personal/never_was_contoso_com';
    expect(await client.findSite(url)).toBeNull();
    const err = await errorOf(client.removeSite(url));
    expect(err.serviceCode).toBe('Microsoft.Online.SharePoint.Common.SpoNoSiteException');
    expect(err.userMessage).toContain(url);
  });

  it('a second removal of the same site answers SpoException, and the site is in the recycle bin (what the job reads as done)', async () => {
    const url = plainRedirects(sandbox)[1];
    const { client } = clientFor(sandbox, 'source');
    await client.removeSite(url);
    expect((await errorOf(client.removeSite(url))).serviceCode).toBe('Microsoft.Online.SharePoint.Common.SpoException');
    expect(await client.isInRecycleBin(url)).toBe(true);
  });

  it('fails the held site with the tenant\'s message and leaves it in place', async () => {
    const held = sandbox.scenario!.heldRedirectUrl!;
    const { client } = clientFor(sandbox, 'source');
    expect(await client.findSite(held)).toMatchObject({ hasHolds: true });
    const err = await errorOf(client.removeSite(held));
    expect(err).toBeInstanceOf(TenantError);
    expect(err.serviceCode).toBe('SiteUnderHold');
    expect(err.userMessage).toContain('The operation is not supported for the site');
    expect(await client.findSite(held)).not.toBeNull();
  });

  it('finds the scenario\'s recycled redirect in the bin; purging a URL not in the bin keeps the tenant\'s message', async () => {
    const { client } = clientFor(sandbox, 'source');
    expect(await client.isInRecycleBin(sandbox.scenario!.recycledRedirectUrl!)).toBe(true);
    const err = await errorOf(client.purgeDeletedSite(plainRedirects(sandbox)[2]));
    expect(err.serviceCode).toBe('System.ArgumentException');
    expect(err.userMessage).toContain(`Unable to find the deleted site: ${plainRedirects(sandbox)[2]}.`);
  });
});
