import { afterEach, describe, expect, it } from '@jest/globals';
import { buildPlan } from '../../services/approvals/plan.js';
import { InputError } from '../../services/errors.js';
import { startFaultProxy } from '../helpers/faultProxy.js';
import { changesOf, chatAddress, jobRig, norm, people, type JobRig } from './rig.js';

let rig: JobRig | undefined;
afterEach(async () => { await rig?.close(); rig = undefined; });

const { alice, bob, carol } = people;
const all = { side: 'source' as const, scope: { kind: 'all' as const }, purge: false, unlock: false };

async function approveAndRun(r: JobRig, plan: Awaited<ReturnType<JobRig['planners']['removeRedirects']>>) {
  await r.approvals.request(plan, chatAddress);
  await r.approvals.approve(plan.id, plan.hash, bob);
  await r.runner.idle();
  const record = (await r.approvals.get(plan.id))!;
  const results = await r.approvals.results(plan.id);
  return { record, results, byUrl: new Map(plan.items.map((item, i) => [norm(item.label), results[i]!])) };
}

describe('remove redirects', () => {
  it('plans only completed moves, runs them, fails the held site with the tenant message and the locked one with advice', async () => {
    rig = await jobRig({ users: 30 });
    const scenario = rig.sandbox.scenario!;
    const plan = await rig.planners.removeRedirects({ ...all, purge: true }, alice);
    const completed = scenario.users.filter((u) => u.status === 'completed' && u.sourceSiteUrl !== scenario.recycledRedirectUrl);
    expect(plan.items.map((i) => norm(i.label)).sort()).toEqual(completed.map((u) => norm(u.sourceSiteUrl)).sort());
    expect(plan.ordered).toBe(false);
    const unfinished = scenario.users.filter((u) => u.status !== 'completed');
    expect(unfinished.length).toBeGreaterThan(0);
    expect(plan.findings.some((f) => /locked/.test(f.text) && f.level === 'warning')).toBe(true);

    const { record, byUrl } = await approveAndRun(rig, plan);
    expect(record.state).toBe('partly-failed');
    expect(byUrl.get(norm(scenario.heldRedirectUrl!))).toMatchObject({ state: 'failed', reason: expect.stringMatching(/hold|retention/i) });
    for (const locked of scenario.lockedRedirects!) {
      expect(byUrl.get(norm(locked))).toMatchObject({ state: 'failed', reason: expect.stringMatching(/locked.*unlock/i) });
    }
    const failing = new Set([scenario.heldRedirectUrl!, ...scenario.lockedRedirects!].map(norm));
    const removed = plan.items.map((i) => norm(i.label)).filter((u) => !failing.has(u));
    expect(removed.every((u) => byUrl.get(u)!.state === 'done')).toBe(true);
    expect(changesOf(rig.sandbox, 'RemoveSite').sort()).toEqual(removed.sort());
    expect(changesOf(rig.sandbox, 'RemoveDeletedSite').sort()).toEqual(removed.sort());
    // Locked sites are never sent a RemoveSite without unlock: the re-check stops them first.
    expect(changesOf(rig.sandbox, 'RemoveSite', 'error')).toEqual([norm(scenario.heldRedirectUrl!)]);
    expect(record.progress).toEqual({ total: plan.items.length, done: removed.length, failed: failing.size, skipped: 0 });
    expect(rig.messenger.changes.at(-1)!.state).toBe('partly-failed');
    const audit = await rig.audit.latest(1000);
    expect(audit.filter((e) => e.event === 'item.done')).toHaveLength(removed.length);
    expect(audit.filter((e) => e.event === 'item.failed')).toHaveLength(failing.size);
    expect(audit.at(-1)).toMatchObject({ event: 'plan.finished', detail: { state: 'partly-failed' } });
  });

  it('unlocks locked sites first when the plan says so', async () => {
    rig = await jobRig({ users: 30 });
    const [locked] = rig.sandbox.scenario!.lockedRedirects!;
    const plan = await rig.planners.removeRedirects({ ...all, scope: { kind: 'url', url: locked! }, unlock: true }, alice);
    expect(plan.items).toHaveLength(1);
    expect(plan.findings.some((f) => /unlocked first/.test(f.text))).toBe(true);
    const { record, results } = await approveAndRun(rig, plan);
    expect(record.state).toBe('done');
    expect(results[0]).toMatchObject({ state: 'done' });
    expect(changesOf(rig.sandbox, 'SetSite')).toEqual([norm(locked!)]);
    expect(changesOf(rig.sandbox, 'RemoveSite')).toEqual([norm(locked!)]);
  });

  it('refuses, when planning, a URL that is not a redirect site or does not exist', async () => {
    rig = await jobRig({ users: 12 });
    for (const url of ['https://contoso.sharepoint.com/sites/nowhere', `https://contoso-my.sharepoint.com/personal/${rig.sandbox.scenario!.users.find((u) => u.status !== 'completed')?.sourceUpn.replace(/[^a-z0-9]/gi, '_') ?? 'x'}`]) {
      await expect(rig.planners.removeRedirects({ ...all, scope: { kind: 'url', url } }, alice)).rejects.toBeInstanceOf(InputError);
    }
  });

  it('re-checks each site just before deleting it and leaves a site that is not a redirect alone', async () => {
    rig = await jobRig({ users: 12 });
    const target = rig.sandbox.scenario!.users.find((u) => u.status === 'completed')!.targetSiteUrl;
    // A team site the source tenant holds (a group site, GROUP#0): found, and refused as not a redirect.
    const teamSite = 'https://contoso.sharepoint.com/sites/HR';
    const real = await rig.planners.removeRedirects(all, alice);
    // A plan naming sites that changed since planning: one is a OneDrive (on the target), one a team site.
    const steps = [real.items[1]!.label, teamSite].map((url) => ({ key: `remove-redirect:${url}`, label: url, step: { type: 'remove-redirect' as const, side: 'source' as const, url, unlock: true, purge: true } }));
    const plan = buildPlan({ ...real, items: [...steps, { key: 't', label: target, step: { type: 'remove-redirect', side: 'target', url: target, unlock: true, purge: true } }] }, new Date());
    const { results } = await approveAndRun(rig, plan);
    expect(results.map((r) => r.state)).toEqual(['done', 'failed', 'failed']);
    expect(results[1]!.reason).toMatch(/^Not a redirect site \(template GROUP#0/);
    expect(results[2]!.reason).toMatch(/^Not a redirect site \(template SPSPERS/);
    const touched = rig.sandbox.changes().map((c) => norm(c.target));
    expect(touched).not.toContain(norm(target));
    expect(touched).not.toContain(norm(teamSite));
  });

  it('runs exactly once when 100 approvals arrive at once', async () => {
    rig = await jobRig({ users: 20 });
    const plan = await rig.planners.removeRedirects(all, alice);
    await rig.approvals.request(plan, chatAddress);
    const outcomes = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => rig!.approvals.approve(plan.id, plan.hash, i % 2 ? bob : carol)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    await rig.runner.idle();
    // Every planned site is asked for once, except the locked ones the re-check stops before RemoveSite.
    const asked = rig.sandbox.changes().filter((c) => c.method === 'RemoveSite').map((c) => norm(c.target));
    const locked = new Set(rig.sandbox.scenario!.lockedRedirects!.map(norm));
    expect(asked.sort()).toEqual(plan.items.map((i) => norm(i.label)).filter((u) => !locked.has(u)).sort());
    expect((await rig.audit.latest(5000)).filter((e) => e.event === 'plan.started')).toHaveLength(1);
  });

  it('finishes every item under 10% injected 429 and 503 answers', async () => {
    let held = '';
    rig = await jobRig({ users: 60 }, { movingBack: (upn) => upn === held });
    const scenario = rig.sandbox.scenario!;
    held = scenario.users.find((u) => u.sourceSiteUrl === scenario.heldRedirectUrl)!.sourceUpn;
    const plan = await rig.planners.removeRedirects({ ...all, unlock: true, purge: true }, alice);
    expect(plan.items.map((i) => norm(i.label))).not.toContain(norm(scenario.heldRedirectUrl!));
    expect(plan.findings.some((f) => /moved back/.test(f.text) && f.subjects?.includes(held))).toBe(true);
    rig.sandbox.setFaults({ throttleRate: 0.05, unavailableRate: 0.05, retryAfterSeconds: 0 });
    const { record, results } = await approveAndRun(rig, plan);
    rig.sandbox.setFaults({});
    expect(results.filter((r) => r.state !== 'done')).toEqual([]);
    expect(record.state).toBe('done');
    expect(rig.sandbox.stats().throttled + rig.sandbox.stats().unavailable).toBeGreaterThan(0);
    expect(new Set(changesOf(rig.sandbox, 'RemoveSite'))).toEqual(new Set(plan.items.map((i) => norm(i.label))));
  });
});

describe('remove redirects on the tenants as public evidence shows them', () => {
  /** Plan (with purge), approve, run: every planned site removed once and purged once, nothing else touched. */
  async function wholePath(r: JobRig, options: { unlock: boolean }) {
    const plan = await r.planners.removeRedirects({ ...all, purge: true, unlock: options.unlock }, alice);
    const { record, results } = await approveAndRun(r, plan);
    const planned = plan.items.map((i) => norm(i.label)).sort();
    return { plan, record, results, planned };
  }

  it('every redirect ReadOnly: the plan warns without blocking, each site is removed as it is and purged, once', async () => {
    rig = await jobRig({ users: 24, readOnlyRedirects: true });
    const { plan, record, results, planned } = await wholePath(rig, { unlock: false });
    expect(planned.length).toBeGreaterThan(10);
    const warning = plan.findings.find((f) => /read-only/.test(f.text))!;
    expect(warning).toMatchObject({ level: 'warning', text: expect.stringContaining('tried as it is') });
    expect(warning.subjects).toHaveLength(planned.length);
    expect(results.filter((x) => x.state !== 'done')).toEqual([]);
    expect(record.state).toBe('done');
    expect(changesOf(rig.sandbox, 'RemoveSite').sort()).toEqual(planned);
    expect(changesOf(rig.sandbox, 'RemoveDeletedSite').sort()).toEqual(planned);
    // Tried as they are: nothing unlocked, nothing refused.
    expect(changesOf(rig.sandbox, 'SetSite')).toEqual([]);
    expect(rig.sandbox.changes().filter((c) => c.outcome === 'error')).toEqual([]);
  });

  it('every removal completing at once (PollingInterval 15000): the whole path runs without waiting on it', async () => {
    let held = '';
    rig = await jobRig({ users: 24, pendingOperationEvery: 0 }, { movingBack: (upn) => upn === held });
    // The held redirect is kept out of the plan (as if its person were moving back): it would fail by design.
    held = rig.sandbox.scenario!.users.find((u) => u.sourceSiteUrl === rig!.sandbox.scenario!.heldRedirectUrl)!.sourceUpn;
    const { record, results, planned } = await wholePath(rig, { unlock: true });
    expect(results.filter((x) => x.state !== 'done')).toEqual([]);
    expect(record.state).toBe('done');
    expect(changesOf(rig.sandbox, 'RemoveSite').sort()).toEqual(planned);
    expect(changesOf(rig.sandbox, 'RemoveDeletedSite').sort()).toEqual(planned);
    // No wait on a complete operation (its 15 s PollingInterval is never slept: changeOperations.test.ts shows it on
    // the recorded body); only the locked site's unlock is polled.
  });

  it('a ReadOnly redirect that denies access: advice without "unlock"; with it, unlocked after the refusal and removed', async () => {
    rig = await jobRig({ users: 170 });
    const readOnly = rig.sandbox.scenario!.lockedRedirects![1]!;
    const one = { ...all, scope: { kind: 'url' as const, url: readOnly } };
    const refused = await approveAndRun(rig, await rig.planners.removeRedirects(one, alice));
    expect(refused.results[0]).toMatchObject({ state: 'failed', reason: expect.stringMatching(/denied access .*ReadOnly.*"unlock"/) });
    expect(changesOf(rig.sandbox, 'RemoveSite', 'error')).toEqual([norm(readOnly)]);
    expect(changesOf(rig.sandbox, 'SetSite')).toEqual([]);
    const unlocked = await approveAndRun(rig, await rig.planners.removeRedirects({ ...one, unlock: true }, alice));
    expect(unlocked.results[0]).toMatchObject({ state: 'done' });
    // Tried as it is first (refused), then unlocked, then removed.
    expect(rig.sandbox.changes().map((c) => `${c.method}:${c.outcome}`)).toEqual(['RemoveSite:error', 'RemoveSite:error', 'SetSite:ok', 'RemoveSite:ok']);
  });
});

describe('a retried RemoveSite', () => {
  it('whose first attempt landed answers SpoException: found in the recycle bin, the item counts as removed and is purged once', async () => {
    let processQueries = 0;
    const proxy = await startFaultProxy({
      target: 'http://127.0.0.1:1', kinds: ['lost-answer'], rate: 1,
      // The item's CSOM calls: findSite, then RemoveSite, whose answer is lost after it landed.
      applies: (req) => /ProcessQuery/.test(req.url ?? '') && ++processQueries === 2,
    });
    try {
      rig = await jobRig({ users: 12 }, { tenantUrl: (s) => { proxy.retarget(s.url); return proxy.url; } });
      const url = rig.sandbox.scenario!.users.find((u) => u.status === 'completed' && u.sourceSiteUrl !== rig!.sandbox.scenario!.recycledRedirectUrl && u.sourceSiteUrl !== rig!.sandbox.scenario!.heldRedirectUrl)!.sourceSiteUrl;
      const plan = await rig.planners.removeRedirects({ ...all, scope: { kind: 'url', url }, purge: true }, alice);
      processQueries = 0;
      const { record, results } = await approveAndRun(rig, plan);
      expect(proxy.counts['lost-answer']).toBe(1);
      expect(results[0]).toMatchObject({ state: 'done', reason: 'Already removed; purged from the recycle bin.' });
      expect(record.state).toBe('done');
      const removals = rig.sandbox.changes().filter((c) => c.method === 'RemoveSite');
      expect(removals.map((c) => c.outcome)).toEqual(['ok', 'error']);
      expect(removals[1]!.message).toMatch(/recycle bin/);
      expect(changesOf(rig.sandbox, 'RemoveDeletedSite')).toEqual([norm(url)]);
    } finally {
      await proxy.close();
    }
  });
});
