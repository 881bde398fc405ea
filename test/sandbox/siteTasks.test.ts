// The simulated Graph migration tasks for sites and group sites, on the wire: the documented create answers,
// the group task read back with site parameters, the refusals only a raw request can reach (a group's target
// site URL that does not match its alias, unknown groups, missing parameters), cancel, and the action log.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle, type SandboxScenarioSite } from '../../services/sandbox/index.js';
import { stringParam, tenantObjectMethodXml, valueFor } from './helpers.js';
import { FABRIKAM_HOST, TASKS, reverseKit, waitForEnd, type ReverseKit } from './reverseHelpers.js';

const SITE = '#microsoft.graph.sharePointSiteMigrationTaskParameters';
const GROUP = '#microsoft.graph.sharePointGroupMigrationTaskParameters';

let sandbox: SandboxHandle;
let kit: ReverseKit;
beforeAll(async () => {
  sandbox = await startSandbox({ users: 20, sites: 10, groupSites: 6, moveDurationMs: 300, operationPollingMs: 10 });
  kit = await reverseKit(sandbox);
});
afterAll(async () => { await sandbox.close(); });

const moved = (kind: 'site' | 'group', status: SandboxScenarioSite['status']) => sandbox.scenario!.sites!.filter((s) => s.kind === kind && s.status === status);
const groupBody = (source: string, target: string, extra: Record<string, unknown> = {}) =>
  ({ parameters: { '@odata.type': GROUP, targetOrganizationHost: FABRIKAM_HOST, ...extra, sourceGroupIdentity: { mailNickname: source }, targetGroupIdentity: { mailNickname: target } } });
const asContoso = (method: 'GET' | 'POST', url: string, body?: unknown) => kit.graph(method, url, body, 'contoso');
const refusal = (reply: { status: number; body: any }) => ({ status: reply.status, code: /^(\w+):/.exec(reply.body?.error?.message ?? '')?.[1] });

describe('site and group-site migration tasks', () => {
  it('creates a group task echoing its group identities (example 5), reads it back by id with site parameters', async () => {
    const g = moved('group', 'failed')[0];
    const created = await asContoso('POST', TASKS, groupBody(g.sourceAlias!, g.targetAlias!));
    expect(created.status).toBe(200);
    const { '@odata.context': _c, ...answer } = created.body;
    expect(answer).toEqual({
      id: expect.any(String), status: 'notStarted', startedDateTime: null, lastUpdatedDateTime: expect.any(String), finishedDateTime: null, error: null,
      parameters: groupBody(g.sourceAlias!, g.targetAlias!).parameters,
    });
    const read = await asContoso('GET', `${TASKS}/${created.body.id}`);
    expect(read.body.parameters).toEqual({
      '@odata.type': SITE, targetOrganizationHost: FABRIKAM_HOST, targetOrganizationId: sandbox.target.tenantId,
      sourceSiteUrl: g.sourceSiteUrl, targetSiteUrl: g.targetSiteUrl,
    });
    const byAlias = await asContoso('GET', `${TASKS}/getBySourceGroupMailNickname(sourceGroupMailNickname='${g.sourceAlias}')`);
    expect(byAlias.body.id).toBe(created.body.id);
    expect(sandbox.changes().at(-1)).toMatchObject({ tenant: 'contoso', method: 'CreateMoveTask', target: g.sourceAlias, detail: `to group ${g.targetAlias}`, outcome: 'ok' });
  });

  it('refuses a group whose target site URL does not match the target alias, and groups that do not exist', async () => {
    const g = moved('group', 'completed')[0];
    const mismatch = await asContoso('POST', TASKS, groupBody(g.sourceAlias!, g.targetAlias!, { validateOnly: true, targetSiteUrl: 'https://fabrikam.sharepoint.com/sites/another-name' }));
    expect(refusal(mismatch)).toEqual({ status: 400, code: 'TargetSiteUrlDoesNotMatchGroupAlias' });
    expect(refusal(await asContoso('POST', TASKS, groupBody('no-such-group', g.targetAlias!, { validateOnly: true })))).toEqual({ status: 400, code: 'SourceGroupNotFound' });
    expect(refusal(await asContoso('POST', TASKS, groupBody(g.sourceAlias!, 'no-such-group', { validateOnly: true })))).toEqual({ status: 400, code: 'TargetGroupNotFound' });
    const noAlias = await asContoso('POST', TASKS, { parameters: { '@odata.type': GROUP, targetOrganizationHost: FABRIKAM_HOST, sourceGroupIdentity: { mailNickname: g.sourceAlias } } });
    expect(noAlias.status).toBe(400);
    expect(noAlias.body.error.message).toBe('The parameters targetOrganizationHost, sourceGroupIdentity and targetGroupIdentity are required.');
    const noUrl = await asContoso('POST', TASKS, { parameters: { '@odata.type': SITE, targetOrganizationHost: FABRIKAM_HOST, sourceSiteUrl: g.sourceSiteUrl } });
    expect(noUrl.body.error.message).toBe('The parameters targetOrganizationHost, sourceSiteUrl and targetSiteUrl are required.');
    expect(sandbox.changes().at(-1)).toMatchObject({ method: 'CreateMoveTask', target: g.sourceSiteUrl, outcome: 'error' });
  });

  it('cancels a site task before it starts; the site stays where it was', async () => {
    const s = moved('site', 'failed')[0];
    const created = await asContoso('POST', TASKS, { parameters: { '@odata.type': SITE, targetOrganizationHost: FABRIKAM_HOST, sourceSiteUrl: s.sourceSiteUrl, targetSiteUrl: s.targetSiteUrl } });
    expect((await asContoso('POST', `${TASKS}/${created.body.id}/cancel`)).status).toBe(204);
    const bySite = await asContoso('GET', `${TASKS}/getBySourceSiteUrl(sourceSiteUrl='${encodeURIComponent(s.sourceSiteUrl)}')`);
    expect(bySite.body).toMatchObject({ id: created.body.id, status: 'cancelled', parameters: { '@odata.type': SITE, sourceSiteUrl: s.sourceSiteUrl } });
    await new Promise((r) => setTimeout(r, 350));
    expect((await asContoso('GET', `${TASKS}/${created.body.id}`)).body.status).toBe('cancelled');
    const props = valueFor((await kit.contoso(tenantObjectMethodXml('GetSitePropertiesByUrl', stringParam(s.sourceSiteUrl)))).body, 5) as { Template: string };
    expect(props.Template).not.toMatch(/^redirectsite/i);
  });

  it('refuses a site whose move is queued; two moves accepted for one target URL: the second fails on the conflict when it runs', async () => {
    const queued = moved('site', 'notStarted')[0];
    expect(refusal(await asContoso('POST', TASKS, { parameters: { '@odata.type': SITE, targetOrganizationHost: FABRIKAM_HOST, sourceSiteUrl: queued.sourceSiteUrl, targetSiteUrl: queued.targetSiteUrl } })))
      .toEqual({ status: 400, code: 'MnASiteMoveIsInprogressOrFinished' });
    const s = moved('site', 'failed')[0]; // its move was cancelled above: free to move
    const body = (source: string) => ({ parameters: { '@odata.type': SITE, targetOrganizationHost: FABRIKAM_HOST, sourceSiteUrl: source, targetSiteUrl: s.targetSiteUrl } });
    const first = await asContoso('POST', TASKS, body(s.sourceSiteUrl));
    const second = await asContoso('POST', TASKS, body('https://contoso.sharepoint.com/sites/Legal'));
    expect([first.status, second.status]).toEqual([200, 200]);
    expect((await waitForEnd(kit, first.body.id, 'contoso')).last.body.status).toBe('completed');
    const failed = (await waitForEnd(kit, second.body.id, 'contoso')).last.body;
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'MnASiteMoveTargetUrlHasWriteConflict', message: expect.stringContaining(s.targetSiteUrl) } });
  });
});
