// The changing operations on replies in the recorded shapes (our own fixtures): outcome, poll policy
// (interval clamping, cap, abort), and the tenant's refusals kept as the item's reason.
import { describe, expect, it } from '@jest/globals';
import { TenantError } from '../../../services/errors.js';
import { findSite } from '../../../services/tenants/operations/findSite.js';
import { isInRecycleBin } from '../../../services/tenants/operations/isInRecycleBin.js';
import { POLL_POLICY } from '../../../services/tenants/operations/pollOperation.js';
import { purgeDeletedSite } from '../../../services/tenants/operations/purgeDeletedSite.js';
import { removeSite } from '../../../services/tenants/operations/removeSite.js';
import { removeTrust } from '../../../services/tenants/operations/removeTrust.js';
import { unlockSite } from '../../../services/tenants/operations/unlockSite.js';
import { wireJson, wireText } from '../helpers/fixtures.js';
import { scriptedCsom } from '../helpers/scriptedCsom.js';

const SITE = "https://woodgrove-my.sharepoint.com/personal/o'neil_woodgrove_com";
const recorded = (name: string) => wireJson<{ Response: string }>(name).Response;
const errorOf = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as TenantError);

describe('removeSite', () => {
  it('polls a pending operation by its identity, waiting PollingInterval ms (clamped) between polls', async () => {
    const s = scriptedCsom([wireText('csom-removesite-pending.json'), wireText('csom-operation-poll-pending.json'), wireText('csom-operation-poll-complete.json')]);
    expect(await removeSite(s.ctx, SITE)).toEqual({ complete: true, polls: 2 });
    // 15000 as answered; the poll's 0 is raised to the floor so we never spin.
    expect(s.clock.sleeps).toEqual([15000, POLL_POLICY.minIntervalMs]);
    expect(s.requests.map(r => r.what)).toEqual(['RemoveSite', 'RemoveSite poll', 'RemoveSite poll']);
    const identity = wireJson<Array<{ _ObjectIdentity_?: string }>>('csom-removesite-pending.json')[6]._ObjectIdentity_!;
    // Both polls follow the first answer's identity (later answers' ids differ, as recorded ones do).
    for (const poll of s.requests.slice(1)) expect(poll.xml).toContain(`<Identity Id="1" Name="${identity.replace(/\n/g, '&#xA;')}"/>`);
  });

  it('on an answer complete at once with PollingInterval 15000 (as app-only recordings show): no poll and no wait', async () => {
    const s = scriptedCsom([recorded('csom-removesite-complete-at-once.raw-body.json')]);
    expect(await removeSite(s.ctx, SITE)).toEqual({ complete: true, polls: 0 });
    expect(s.clock.sleeps).toEqual([]);
    expect(s.requests).toHaveLength(1);
  });

  it('surfaces SpoException -1 (a retried removal; the job checks the recycle bin before failing the item)', async () => {
    const err = await errorOf(removeSite(scriptedCsom([wireText('csom-error-spoexception.json')]).ctx, SITE));
    expect(err.serviceCode).toBe('Microsoft.Online.SharePoint.Common.SpoException');
  });

  it('sends no poll when the first answer is already complete', async () => {
    const s = scriptedCsom([wireText('csom-operation-poll-complete.json')]);
    expect(await removeSite(s.ctx, SITE)).toEqual({ complete: true, polls: 0 });
    expect(s.clock.sleeps).toEqual([]);
  });

  it(`stops after ${POLL_POLICY.maxPolls} polls with complete: false, and says so in the log`, async () => {
    const s = scriptedCsom([wireText('csom-removesite-pending.json'), wireText('csom-operation-poll-pending.json')]);
    expect(await removeSite(s.ctx, SITE)).toEqual({ complete: false, polls: POLL_POLICY.maxPolls });
    expect(s.requests).toHaveLength(1 + POLL_POLICY.maxPolls);
    expect(s.logger.lines.find(l => l.msg === 'operation not complete when polling stopped')?.obj).toMatchObject({ csom: 'RemoveSite', polls: POLL_POLICY.maxPolls });
  });

  it('clamps a huge PollingInterval to the ceiling', async () => {
    const slow = wireText('csom-removesite-pending.json').replace('"PollingInterval": 15000', '"PollingInterval": 3600000');
    const s = scriptedCsom([slow, wireText('csom-operation-poll-complete.json')]);
    await removeSite(s.ctx, SITE);
    expect(s.clock.sleeps).toEqual([POLL_POLICY.maxIntervalMs]);
  });

  it('stops polling when aborted, without another request', async () => {
    const s = scriptedCsom([wireText('csom-removesite-pending.json'), wireText('csom-operation-poll-pending.json')]);
    const abort = new AbortController();
    const sleep = s.clock.sleep.bind(s.clock);
    s.clock.sleep = async (ms, signal) => { if (s.clock.sleeps.length === 2) abort.abort(); return sleep(ms, signal); };
    await expect(removeSite(s.ctx, SITE, abort.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(s.requests).toHaveLength(3);
  });

  it('refuses a pending operation that has no identity to follow', async () => {
    const anonymous = wireText('csom-removesite-pending.json').replace(/"_ObjectIdentity_": "[^"]*",/, '');
    const err = await errorOf(removeSite(scriptedCsom([anonymous]).ctx, SITE));
    expect(err.serviceCode).toBe('CsomUnexpected');
  });

  it('keeps the tenant\'s message: access denied on a locked site, with the unlock advice', async () => {
    const err = await errorOf(removeSite(scriptedCsom([wireText('csom-error-access-denied.json')]).ctx, SITE));
    expect(err).toBeInstanceOf(TenantError);
    expect(err.serviceCode).toBe('System.UnauthorizedAccessException');
    expect(err.userMessage).toContain('Access denied. You do not have permission to perform this action or access this resource.');
    expect(err.userMessage).toContain('unlock it first');
  });

  it('recognises the hold refusal by its words (Learn: "The operation is not supported for the site") and advises', async () => {
    const err = await errorOf(removeSite(scriptedCsom([wireText('csom-error-hold.json')]).ctx, SITE));
    expect(err.serviceCode).toBe('SiteUnderHold');
    expect(err.userMessage).toContain('(The operation is not supported for the site)');
    expect(err.userMessage).toMatch(/retention policy or hold.*Purview/);
  });

  it('answers SpoNoSiteException for a site that is gone (already removed)', async () => {
    const err = await errorOf(removeSite(scriptedCsom([wireText('csom-error-nosite.json')]).ctx, SITE));
    expect(err.serviceCode).toBe('Microsoft.Online.SharePoint.Common.SpoNoSiteException');
  });
});

describe('purgeDeletedSite', () => {
  it('reads the raw form (\\r separators, an action id the request never sent) by the operation type', async () => {
    const s = scriptedCsom([recorded('csom-removedeletedsite.raw-body.json')]);
    expect(await purgeDeletedSite(s.ctx, 'https://woodgrove.sharepoint.com/sites/former-hr')).toEqual({ complete: true, polls: 0 });
  });

  it('on an answer complete at once with PollingInterval 15000 (as app-only recordings show): no poll and no wait', async () => {
    const s = scriptedCsom([recorded('csom-removedeletedsite-complete-at-once.raw-body.json')]);
    expect(await purgeDeletedSite(s.ctx, 'https://woodgrove.sharepoint.com/sites/former-hr')).toEqual({ complete: true, polls: 0 });
    expect(s.clock.sleeps).toEqual([]);
  });

  it('keeps "Unable to find the deleted site" as the reason', async () => {
    const err = await errorOf(purgeDeletedSite(scriptedCsom([wireText('csom-error-deletedsite-notfound.json')]).ctx, 'https://woodgrove.sharepoint.com/sites/never-deleted'));
    expect(err.serviceCode).toBe('System.ArgumentException');
    expect(err.userMessage).toContain('Unable to find the deleted site: https://woodgrove.sharepoint.com/sites/never-deleted.');
  });
});

describe('isInRecycleBin', () => {
  it('is true when the deleted site\'s properties come back', async () => {
    expect(await isInRecycleBin(scriptedCsom([wireText('csom-deleted-site-properties.json')]).ctx, 'https://woodgrove.sharepoint.com/sites/former-hr')).toBe(true);
  });
  it('is false on Microsoft.SharePoint.Client.UnknownError, the answer CLI for Microsoft 365 reads as "not in the bin"', async () => {
    expect(await isInRecycleBin(scriptedCsom([wireText('csom-error-recyclebin-unknown.json')]).ctx, SITE)).toBe(false);
  });
  it('is false on "Unable to find the deleted site" and on SpoNoSiteException', async () => {
    expect(await isInRecycleBin(scriptedCsom([wireText('csom-error-deletedsite-notfound.json')]).ctx, SITE)).toBe(false);
    expect(await isInRecycleBin(scriptedCsom([wireText('csom-error-nosite.json')]).ctx, SITE)).toBe(false);
  });
  it('throws any other ArgumentException instead of answering "no"', async () => {
    const err = await errorOf(isInRecycleBin(scriptedCsom([wireText('csom-error-argument-null.json')]).ctx, SITE));
    expect(err.userMessage).toContain('Value cannot be null.');
  });
});

describe('findSite', () => {
  it('maps the site properties, lock state and holds included', async () => {
    expect(await findSite(scriptedCsom([wireText('csom-site-properties-locked.json')]).ctx, SITE)).toEqual({
      url: SITE, template: 'RedirectSite#0', title: "Kate O'Neil", owner: "o'neil@woodgrove.com", status: 'Active',
      lockState: 'NoAccess', hasHolds: false, lastContentModified: '2025-11-03T09:15:00.000Z',
    });
  });
  it('is null for a site in the recycle bin, answered with Status "Recycled"', async () => {
    const recycled = wireText('csom-site-properties-locked.json').replace('"Status": "Active"', '"Status": "Recycled"');
    expect(recycled).toContain('"Status": "Recycled"');
    expect(await findSite(scriptedCsom([recycled]).ctx, SITE)).toBeNull();
  });
  it('is null for a missing site, and throws other refusals', async () => {
    expect(await findSite(scriptedCsom([wireText('csom-error-nosite.json')]).ctx, SITE)).toBeNull();
    expect((await errorOf(findSite(scriptedCsom([wireText('csom-error-access-denied.json')]).ctx, SITE))).serviceCode).toBe('System.UnauthorizedAccessException');
  });
});

describe('unlockSite', () => {
  it('follows the operation Update() answers', async () => {
    const s = scriptedCsom([wireText('csom-unlock-operation.json')]);
    expect(await unlockSite(s.ctx, SITE)).toEqual({ complete: true, polls: 0 });
    expect(s.requests[0].xml).toContain('Name="LockState"><Parameter Type="String">Unlock</Parameter>');
  });
});

describe('removeTrust', () => {
  it('resolves on the void reply and logs the inferred integers beside their names', async () => {
    const s = scriptedCsom([wireText('csom-void-method.json')], 'target');
    await removeTrust(s.ctx, 'Source', 'https://northwind-my.sharepoint.com');
    const line = s.logger.lines.find(l => l.msg === 'trust removed');
    expect(line?.obj).toMatchObject({ side: 'target', partnerHost: 'https://northwind-my.sharepoint.com/', sent: { scenario: 'MnA=1', partnerRole: 'Source=1' }, tenantResolved: true });
  });
  it('keeps the tenant\'s refusal and logs what was sent', async () => {
    const s = scriptedCsom([wireText('csom-error-no-relation.json')]);
    const err = await errorOf(removeTrust(s.ctx, 'Target', 'https://northwind-my.sharepoint.com/'));
    expect(err.userMessage).toContain('There is no Cross-Tenant relationship established for partner https://northwind-my.sharepoint.com/ and role Target.');
    expect(s.logger.lines.find(l => l.msg === 'trust removal refused')?.obj).toMatchObject({ sent: { partnerRole: 'Target=2' } });
  });
});
