// startSiteMove, getSiteMoveState and getSiteMoveTask over real HTTP against the simulated tenants, for sites
// and group sites: the documented bodies byte for byte, the get-by paths, validateOnly, moves run to completed
// (the redirect at the source URL, the site on the target with its owners), a site moved back once the
// redirect is removed and purged, each refusal as a TenantError, 404 → null, 422 once the trust is gone.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TenantError } from '../../services/errors.js';
import { startSandbox, type SandboxHandle, type SandboxScenarioSite } from '../../services/sandbox/index.js';
import type { SiteMoveRequest, SiteMoveState } from '../../services/tenants/types.js';
import { clientFor, errorOf as refusal, recordingClientFor, type SentRequest } from './helpers/sandboxClient.js';

const errorOf = (p: Promise<unknown>) => refusal<TenantError>(p);

const FABRIKAM_HOST = 'https://fabrikam-my.sharepoint.com/';
const CONTOSO_HOST = 'https://contoso-my.sharepoint.com/';
const TASKS = 'https://graph.microsoft.com/beta/solutions/sharePoint/migrations/crossOrganizationMigrationTasks';

let sandbox: SandboxHandle;
const sent: SentRequest[] = [];
const contoso = () => recordingClientFor(sandbox, 'source', sent);
const fabrikam = () => recordingClientFor(sandbox, 'target', sent);
const last = (method: string) => sent.filter(s => s.method === method && s.url.startsWith('https://graph.microsoft.com')).at(-1)!;

// 10 sites and 6 group sites: at least one of each kind completed, failed (free to move again) and in progress.
beforeAll(async () => { sandbox = await startSandbox({ users: 30, sites: 10, groupSites: 6, moveDurationMs: 300, operationPollingMs: 10 }); });
afterAll(async () => { await sandbox.close(); });

const sites = (kind: 'site' | 'group', status: SandboxScenarioSite['status']) => sandbox.scenario!.sites!.filter(s => s.kind === kind && s.status === status);
const siteMove = (s: SandboxScenarioSite, over: Partial<SiteMoveRequest> = {}): SiteMoveRequest =>
  ({ kind: 'site', source: s.sourceSiteUrl, target: s.targetSiteUrl, targetHostUrl: FABRIKAM_HOST, ...over });

async function untilFinished(side: 'source' | 'target', kind: 'site' | 'group', id: string): Promise<SiteMoveState> {
  const client = clientFor(sandbox, side).client;
  for (let i = 0; i < 200; i++) {
    const state = await client.getSiteMoveTask(kind, id);
    if (state && state.status !== 'notStarted' && state.status !== 'inProgress') return state;
    await new Promise(r => setTimeout(r, 20));
  }
  throw new Error('move did not finish');
}

describe('getSiteMoveState', () => {
  it('reads a site\'s move by its source URL, the literal quoted and percent-encoded in the path', async () => {
    const s = sites('site', 'completed')[0];
    const state = await contoso().getSiteMoveState('site', s.sourceSiteUrl);
    expect(last('GET').url).toBe(`${TASKS}/getBySourceSiteUrl(sourceSiteUrl='${encodeURIComponent(s.sourceSiteUrl)}')`);
    expect(state).toMatchObject({ kind: 'site', source: s.sourceSiteUrl, status: 'completed', id: s.moveId, sourceSiteUrl: s.sourceSiteUrl, targetSiteUrl: s.targetSiteUrl, finishedDateTime: expect.any(String) });
  });

  it('reads a group\'s move by its alias; the task comes back with site parameters, the kind stays the one asked for', async () => {
    const g = sites('group', 'inProgress')[0];
    const state = await contoso().getSiteMoveState('group', g.sourceAlias!);
    expect(last('GET').url).toBe(`${TASKS}/getBySourceGroupMailNickname(sourceGroupMailNickname='${g.sourceAlias}')`);
    expect(state).toMatchObject({ kind: 'group', source: g.sourceAlias, status: 'inProgress', id: g.moveId, sourceSiteUrl: g.sourceSiteUrl, targetSiteUrl: g.targetSiteUrl });
  });

  it('reads a failed site move with its reason', async () => {
    const s = sites('site', 'failed')[0];
    const state = await contoso().getSiteMoveState('site', s.sourceSiteUrl);
    expect(state?.status).toBe('failed');
    expect(state?.error).toMatch(/^(PathTooLong|SiteTooLarge|SourceSiteReadOnly): /);
  });

  it('answers null for a site or group that never moved, and for an id the service does not know', async () => {
    expect(await contoso().getSiteMoveState('site', 'https://contoso.sharepoint.com/sites/Finance')).toBeNull();
    expect(await contoso().getSiteMoveState('group', "o'neill-team")).toBeNull();
    expect(last('GET').url).toBe(`${TASKS}/getBySourceGroupMailNickname(sourceGroupMailNickname='o''neill-team')`);
    expect(await contoso().getSiteMoveTask('site', '00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});

describe('startSiteMove', () => {
  it('validates a site move: the documented body with validateOnly, no id, status completed, nothing logged', async () => {
    const s = sites('site', 'failed')[0];
    const before = sandbox.changes().length;
    const state = await contoso().startSiteMove(siteMove(s, { validateOnly: true }));
    expect(last('POST').url).toBe(TASKS);
    expect(last('POST').body).toBe(`{"parameters":{"@odata.type":"#microsoft.graph.sharePointSiteMigrationTaskParameters","targetOrganizationHost":"https://fabrikam-my.sharepoint.com","validateOnly":true,"sourceSiteUrl":"${s.sourceSiteUrl}","targetSiteUrl":"${s.targetSiteUrl}"}}`);
    expect(state).toMatchObject({ kind: 'site', source: s.sourceSiteUrl, status: 'completed' });
    expect(state.id).toBeUndefined();
    expect(sandbox.changes()).toHaveLength(before);
  });

  it('moves a site: example 4\'s body, followed by id to completed; a redirect at the source URL, the site on the target with its owners', async () => {
    const s = sites('site', 'failed')[0];
    const started = await contoso().startSiteMove(siteMove(s));
    expect(last('POST').body).toBe(`{"parameters":{"@odata.type":"#microsoft.graph.sharePointSiteMigrationTaskParameters","targetOrganizationHost":"https://fabrikam-my.sharepoint.com","sourceSiteUrl":"${s.sourceSiteUrl}","targetSiteUrl":"${s.targetSiteUrl}"}}`);
    expect(started).toMatchObject({ kind: 'site', source: s.sourceSiteUrl, status: 'notStarted', id: expect.any(String), sourceSiteUrl: s.sourceSiteUrl, targetSiteUrl: s.targetSiteUrl });
    const done = await untilFinished('source', 'site', started.id!);
    expect(done).toMatchObject({ kind: 'site', source: s.sourceSiteUrl, status: 'completed', id: started.id });
    expect(done.error).toBeUndefined();
    expect((await contoso().findSite(s.sourceSiteUrl))?.template).toBe('RedirectSite#0');
    expect(await fabrikam().findSite(s.targetSiteUrl)).toMatchObject({ url: s.targetSiteUrl, template: expect.stringMatching(/^(STS#3|SITEPAGEPUBLISHING#0)$/), owner: s.targetOwners[0] });
    expect((await contoso().getSiteMoveState('site', s.sourceSiteUrl))?.id).toBe(started.id);
    expect(sandbox.changes().at(-1)).toMatchObject({ tenant: 'contoso', method: 'CreateMoveTask', target: s.sourceSiteUrl, detail: `to ${s.targetSiteUrl}`, outcome: 'ok' });
  });

  it('moves a group site: example 5\'s body by aliases; the site lands at the target alias\'s URL', async () => {
    const g = sites('group', 'failed')[0];
    const move: SiteMoveRequest = { kind: 'group', source: g.sourceAlias!, target: g.targetAlias!, targetHostUrl: FABRIKAM_HOST };
    expect((await contoso().startSiteMove({ ...move, validateOnly: true })).status).toBe('completed');
    const unknown = await errorOf(contoso().startSiteMove({ ...move, target: 'no-such-group', validateOnly: true }));
    expect(last('POST').body).toBe(`{"parameters":{"@odata.type":"#microsoft.graph.sharePointGroupMigrationTaskParameters","targetOrganizationHost":"https://fabrikam-my.sharepoint.com","validateOnly":true,"sourceGroupIdentity":{"mailNickname":"${g.sourceAlias}"},"targetGroupIdentity":{"mailNickname":"no-such-group"}}}`);
    expect(unknown.userMessage).toContain('TargetGroupNotFound: No Microsoft 365 group has the alias no-such-group in the target tenant.');
    const started = await contoso().startSiteMove(move);
    expect(last('POST').body).toBe(`{"parameters":{"@odata.type":"#microsoft.graph.sharePointGroupMigrationTaskParameters","targetOrganizationHost":"https://fabrikam-my.sharepoint.com","sourceGroupIdentity":{"mailNickname":"${g.sourceAlias}"},"targetGroupIdentity":{"mailNickname":"${g.targetAlias}"}}}`);
    // The create answer echoes the group identities (example 5): no site URLs to read yet.
    expect(started).toMatchObject({ kind: 'group', source: g.sourceAlias, status: 'notStarted', id: expect.any(String) });
    expect(started.sourceSiteUrl).toBeUndefined();
    const done = await untilFinished('source', 'group', started.id!);
    expect(done).toMatchObject({ kind: 'group', status: 'completed', sourceSiteUrl: g.sourceSiteUrl, targetSiteUrl: g.targetSiteUrl });
    expect((await contoso().findSite(g.sourceSiteUrl))?.template).toBe('RedirectSite#0');
    expect((await fabrikam().findSite(`https://fabrikam.sharepoint.com/sites/${g.targetAlias}`))?.template).toBe('GROUP#0');
  });

  it('refuses a target URL that is taken: a site there, a redirect there, a removed site still in the recycle bin; moves the site back once purged', async () => {
    // The scenario's team sites stand on both tenants under the same names: HR has never moved.
    const taken = await errorOf(contoso().startSiteMove({ kind: 'site', source: 'https://contoso.sharepoint.com/sites/HR', target: 'https://fabrikam.sharepoint.com/sites/HR', targetHostUrl: FABRIKAM_HOST, validateOnly: true }));
    expect(taken).toBeInstanceOf(TenantError);
    expect(taken.serviceCode).toBe('MnASiteMoveTargetUrlHasWriteConflict');
    expect(taken.userMessage).toMatch(/^A site already exists at the destination URL/);

    // Moving a completed site back, fabrikam → contoso: the redirect holds the original URL.
    const s = sites('site', 'completed')[1];
    const back: SiteMoveRequest = { kind: 'site', source: s.targetSiteUrl, target: s.sourceSiteUrl, targetHostUrl: CONTOSO_HOST };
    expect((await errorOf(fabrikam().startSiteMove({ ...back, validateOnly: true }))).serviceCode).toBe('MnASiteMoveTargetUrlHasWriteConflict');
    await contoso().removeSite(s.sourceSiteUrl);
    const recycled = await errorOf(fabrikam().startSiteMove(back));
    expect(recycled.serviceCode).toBe('MnASiteMoveTargetUrlHasWriteConflict');
    expect(recycled.userMessage).toContain(s.sourceSiteUrl);
    await contoso().purgeDeletedSite(s.sourceSiteUrl);
    const started = await fabrikam().startSiteMove(back);
    expect((await untilFinished('target', 'site', started.id!)).status).toBe('completed');
    expect((await contoso().findSite(s.sourceSiteUrl))?.template).not.toMatch(/^redirectsite/i);
    expect((await fabrikam().findSite(s.targetSiteUrl))?.template).toBe('RedirectSite#0');
  });

  it('refuses a source site that does not exist, and a second move of a site already moved', async () => {
    const missing = await errorOf(contoso().startSiteMove({ kind: 'site', source: 'https://contoso.sharepoint.com/sites/Nowhere', target: 'https://fabrikam.sharepoint.com/sites/Nowhere', targetHostUrl: FABRIKAM_HOST }));
    expect(missing).toBeInstanceOf(TenantError);
    expect(missing.httpStatus).toBe(400);
    expect(missing.userMessage).toContain('SourceSiteNotFound: The source site https://contoso.sharepoint.com/sites/Nowhere does not exist');
    const twice = await errorOf(contoso().startSiteMove(siteMove(sites('site', 'completed')[2], { validateOnly: true })));
    expect(twice.serviceCode).toBe('MnASiteMoveIsInprogressOrFinished');
    expect(twice.userMessage).toContain('already in progress or has finished');
  });

  it('refuses with NoCrossTenantRelationship (422) once contoso\'s relation with fabrikam as Target is gone, for reads too', async () => {
    const free = sites('group', 'notStarted')[0] ?? sites('site', 'notStarted')[0];
    await contoso().removeTrust('Target', FABRIKAM_HOST);
    const start = await errorOf(contoso().startSiteMove({ kind: 'site', source: free.sourceSiteUrl, target: free.targetSiteUrl, targetHostUrl: FABRIKAM_HOST, validateOnly: true }));
    expect(start.httpStatus).toBe(422);
    expect(start.serviceCode).toBe('NoCrossTenantRelationship');
    const read = await errorOf(contoso().getSiteMoveState('site', sites('site', 'completed')[0].sourceSiteUrl));
    expect(read.serviceCode).toBe('NoCrossTenantRelationship');
  });
});
