// What the bot knows informs a plan; it never decides what runs. A ledger entry that says "completed" for
// a person whose move is in fact in progress (and a listing that still shows a redirect at their URL) puts
// them in the plan, and the step's own fresh read keeps their site untouched.
import { afterEach, describe, expect, it } from '@jest/globals';
import { changesOf, chatAddress, jobRig, norm, people, type JobRig } from './rig.js';

let rig: JobRig | undefined;
afterEach(async () => { await rig?.close(); rig = undefined; });

describe('remove redirects from stale knowledge', () => {
  it('plans the person the ledger calls completed, and the step re-reads their move and leaves the site alone', async () => {
    rig = await jobRig({ users: 30 });
    const moving = rig.sandbox.scenario!.users.find((u) => u.status === 'inProgress' && !u.sourceUpn.includes("'"))!;
    expect(moving).toBeDefined();
    // The knowledge as it would be had it been read before the move was started again.
    await rig.knowledge.moves.complete();
    await rig.knowledge.redirects.current('source');
    const entry = (await rig.knowledge.moves.view()).entries.get(moving.sourceUpn.toLowerCase())!;
    expect(entry.state?.status).toBe('inProgress');
    await rig.knowledge.moves.remember(new Map([[moving.sourceUpn, { state: { ...entry.state!, status: 'completed' }, readAt: new Date().toISOString() }]]));
    const stored = await rig.store.read(['knowledge/redirects-source']);
    const snapshot = stored['knowledge/redirects-source']!.snapshot as { side: string; listedAt: string; sites: { url: string; template: string }[] };
    snapshot.sites.push({ ...snapshot.sites[0]!, url: moving.sourceSiteUrl, template: 'RedirectSite#0' });
    snapshot.listedAt = new Date(Date.parse(snapshot.listedAt) + 1).toISOString();
    const summary = { side: 'source', listedAt: snapshot.listedAt, count: snapshot.sites.length };
    await rig.store.write({ 'knowledge/redirects-source': { snapshot }, 'knowledge/redirects-source-summary': { summary } });

    // Every redirect, as the snapshot lists them (a plan for one site or person reads that site now instead).
    const plan = await rig.planners.removeRedirects({ side: 'source', scope: { kind: 'all' }, purge: false, unlock: false }, people.alice);
    const planned = plan.items.map((i) => norm(i.label));
    expect(planned).toContain(norm(moving.sourceSiteUrl));
    expect(plan.findings.some((f) => /checked again just before it is removed/.test(f.text))).toBe(true);

    await rig.approvals.request(plan, chatAddress);
    await rig.approvals.approve(plan.id, plan.hash, people.bob);
    await rig.runner.idle();
    const results = await rig.approvals.results(plan.id);
    const result = results[planned.indexOf(norm(moving.sourceSiteUrl))];
    expect(result).toMatchObject({ state: 'failed', reason: expect.stringMatching(/in progress now, not completed: the redirect was left in place/) });
    const removed = changesOf(rig.sandbox, 'RemoveSite');
    expect(removed.length).toBeGreaterThan(0);
    expect(removed).not.toContain(norm(moving.sourceSiteUrl));
    expect(changesOf(rig.sandbox, 'RemoveSite', 'error')).not.toContain(norm(moving.sourceSiteUrl));
  });
});
