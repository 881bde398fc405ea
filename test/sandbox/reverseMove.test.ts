// Moving a user back (fabrikam → contoso) over HTTP: the service's checks, a move advancing to completed
// with the sites swapped, the URL conflict (redirect present, deleted site in the bin), and failMovesFor.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { tenantObjectMethodXml, stringParam, valueFor } from './helpers.js';
import {
  CONTOSO_HOST, TASKS, backBody, expectWentThrough, moveBody, plainCompleted, removeSite, reverseKit, verify, waitForEnd, webTemplate, type ReverseKit,
} from './reverseHelpers.js';

const APOSTROPHE = "sean.o'brien@contoso.com"; // user 7 of the seeded scenario, a completed move
let sandbox: SandboxHandle;
let kit: ReverseKit;
beforeAll(async () => {
  sandbox = await startSandbox({ users: 30, moveDurationMs: 300, operationPollingMs: 10, failMovesFor: [APOSTROPHE.toUpperCase()] });
  kit = await reverseKit(sandbox);
});
afterAll(async () => { await sandbox.close(); });

const refusal = (reply: { status: number; body: any }) => ({ status: reply.status, code: /^(\w+):/.exec(reply.body?.error?.message ?? '')?.[1] });

describe('moving a user back', () => {
  it('holds the reverse trust on both tenants by default: Verify answers GoodToProceed for each role', async () => {
    expect(await verify(kit.fabrikam, 'Target', CONTOSO_HOST)).toBe(4);
    expect(await verify(kit.contoso, 'Source', 'https://fabrikam-my.sharepoint.com')).toBe(4);
  });

  it('validates in the documented shape, then moves: notStarted → inProgress → completed, the sites swapped', async () => {
    const u = plainCompleted(sandbox)[0];
    await removeSite(kit.contoso, u.sourceSiteUrl, true);
    const check = await kit.graph('POST', TASKS, backBody(u, true));
    expect(check.status).toBe(200);
    const { '@odata.context': _context, ...shape } = check.body;
    // The documented validate-only answer: no id, status completed, the parameters echoed.
    expect(Object.keys(shape)).toEqual(['status', 'parameters']);
    expect(shape).toEqual({ status: 'completed', parameters: backBody(u, true).parameters });
    expect(sandbox.changes()).toHaveLength(2); // RemoveSite and RemoveDeletedSite: a validation changes nothing

    const created = await kit.graph('POST', TASKS, backBody(u));
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ id: expect.any(String), status: 'notStarted', parameters: { targetOrganizationHost: CONTOSO_HOST, sourceUserIdentity: { userPrincipalName: u.targetUpn }, targetUserIdentity: { userPrincipalName: u.sourceUpn } } });
    const ended = await waitForEnd(kit, created.body.id);
    expectWentThrough(ended, 'completed');
    expect(ended.last.body).toMatchObject({ status: 'completed', error: null, finishedDateTime: expect.any(String) });

    expect(await webTemplate(sandbox, u.sourceSiteUrl)).toEqual({ status: 200, template: 'SPSPERS' });
    expect(await webTemplate(sandbox, u.targetSiteUrl)).toEqual({ status: 401, template: undefined }); // a redirect site's _api/web answers 401
    const props = valueFor((await kit.fabrikam(tenantObjectMethodXml('GetSitePropertiesByUrl', stringParam(u.targetSiteUrl)))).body, 5) as { Template: string };
    expect(props.Template).toBe('RedirectSite#0');
    const contosoProps = valueFor((await kit.contoso(tenantObjectMethodXml('GetSitePropertiesByUrl', stringParam(u.sourceSiteUrl)))).body, 5) as { Template: string };
    expect(contosoProps.Template).toBe('SPSPERS#10');
    // Read by the user on fabrikam; a second move back is refused as finished.
    const byUpn = await kit.graph('GET', `${TASKS}/getBySourceUserPrincipalName(sourcePrincipalName='${encodeURIComponent(u.targetUpn)}')`);
    expect(byUpn.body.id).toBe(created.body.id);
    expect(refusal(await kit.graph('POST', TASKS, backBody(u, true)))).toEqual({ status: 400, code: 'MnASiteMoveIsInprogressOrFinished' });
  });

  it('fails on the URL conflict while the redirect stands: validation passes, the move is accepted, then fails', async () => {
    const u = plainCompleted(sandbox)[1];
    expect((await kit.graph('POST', TASKS, backBody(u, true))).status).toBe(200);
    const created = await kit.graph('POST', TASKS, backBody(u));
    expect(created.body.status).toBe('notStarted');
    const { seen, last } = await waitForEnd(kit, created.body.id);
    expect(seen.at(-1)).toBe('failed');
    expect(last.body.error).toEqual({ code: 'MnASiteMoveTargetUrlHasWriteConflict', message: expect.stringContaining(u.sourceSiteUrl) });
    expect(await webTemplate(sandbox, u.targetSiteUrl)).toEqual({ status: 200, template: 'SPSPERS' });
    expect(await webTemplate(sandbox, u.sourceSiteUrl)).toEqual({ status: 401, template: undefined }); // still a redirect site
  });

  it('fails on the URL conflict while a deleted site holds the URL in the recycle bin, and succeeds once purged', async () => {
    const u = plainCompleted(sandbox)[2];
    await removeSite(kit.contoso, u.sourceSiteUrl, false);
    const first = await kit.graph('POST', TASKS, backBody(u));
    const failed = await waitForEnd(kit, first.body.id);
    expect(failed.last.body).toMatchObject({ status: 'failed', error: { code: 'MnASiteMoveTargetUrlHasWriteConflict' } });
    expect(await webTemplate(sandbox, u.sourceSiteUrl)).toEqual({ status: 404, template: undefined });
    const purge = await kit.contoso(tenantObjectMethodXml('RemoveDeletedSite', stringParam(u.sourceSiteUrl), ['IsComplete']));
    expect((purge.body[0] as { ErrorInfo: unknown }).ErrorInfo).toBeNull();
    const again = await kit.graph('POST', TASKS, backBody(u));
    expect((await waitForEnd(kit, again.body.id)).last.body.status).toBe('completed');
  });

  it('fails the scenario\'s own recycled redirect the same way', async () => {
    const s = sandbox.scenario!;
    const u = s.users.find((x) => x.sourceSiteUrl === s.recycledRedirectUrl)!;
    const created = await kit.graph('POST', TASKS, backBody(u));
    expect((await waitForEnd(kit, created.body.id)).last.body.error.code).toBe('MnASiteMoveTargetUrlHasWriteConflict');
  });

  it('fails a move of a user named in failMovesFor (any case, the apostrophe UPN), leaving both sites as they were', async () => {
    const u = sandbox.scenario!.users.find((x) => x.sourceUpn === APOSTROPHE)!;
    await removeSite(kit.contoso, u.sourceSiteUrl, true);
    const created = await kit.graph('POST', TASKS, backBody(u));
    expect(created.body.parameters.sourceUserIdentity.userPrincipalName).toBe("sean.o'brien@fabrikam.com");
    const ended = await waitForEnd(kit, created.body.id);
    expectWentThrough(ended, 'failed');
    expect(ended.last.body.error).toEqual({ code: 'internalServerError', message: expect.any(String) });
    expect(await webTemplate(sandbox, u.targetSiteUrl)).toEqual({ status: 200, template: 'SPSPERS' });
    expect((await webTemplate(sandbox, u.sourceSiteUrl)).status).toBe(404);
  });
});

describe('the service\'s refusals of a move back (400, "<MnA code>: text")', () => {
  it('MnATargetUserDoesNotExist: no such user on contoso', async () => {
    const u = plainCompleted(sandbox)[3];
    expect(refusal(await kit.graph('POST', TASKS, moveBody(u.targetUpn, 'nobody@contoso.com', CONTOSO_HOST, true)))).toEqual({ status: 400, code: 'MnATargetUserDoesNotExist' });
  });

  it('MnAIdentityMapEntryDoesNotExistsForSourceUPN: the identity map on contoso maps the user to someone else', async () => {
    const [a, b] = plainCompleted(sandbox).slice(3, 5);
    const reply = await kit.graph('POST', TASKS, moveBody(a.targetUpn, b.sourceUpn, CONTOSO_HOST, true));
    expect(refusal(reply)).toEqual({ status: 400, code: 'MnAIdentityMapEntryDoesNotExistsForSourceUPN' });
    expect(reply.body.error.message).toContain(a.sourceUpn);
  });

  it('MnASiteMoveIsInprogressOrFinished: a second move while the first is pending', async () => {
    const u = plainCompleted(sandbox)[4];
    const first = await kit.graph('POST', TASKS, backBody(u));
    expect(first.status).toBe(200);
    expect(refusal(await kit.graph('POST', TASKS, backBody(u)))).toEqual({ status: 400, code: 'MnASiteMoveIsInprogressOrFinished' });
    expect(refusal(await kit.graph('POST', TASKS, backBody(u, true)))).toEqual({ status: 400, code: 'MnASiteMoveIsInprogressOrFinished' });
  });

  it('MnAOdbForSourceUPNDoesNotExist: the user never got a OneDrive on fabrikam (their move did not complete)', async () => {
    const u = sandbox.scenario!.users.find((x) => x.status === 'notStarted')!;
    expect(refusal(await kit.graph('POST', TASKS, backBody(u, true)))).toEqual({ status: 400, code: 'MnAOdbForSourceUPNDoesNotExist' });
  });

  it('logs every creation on fabrikam, accepted ones only when real (validations change nothing)', () => {
    const moves = sandbox.changes().filter((c) => c.method === 'CreateMoveTask');
    expect(moves.every((c) => c.tenant === 'fabrikam')).toBe(true);
    expect(moves.filter((c) => c.outcome === 'ok')).toHaveLength(7);
    expect(new Set(moves.filter((c) => c.outcome === 'error').map((c) => c.message?.split(':')[0]))).toEqual(new Set([
      'MnASiteMoveIsInprogressOrFinished', 'MnATargetUserDoesNotExist', 'MnAIdentityMapEntryDoesNotExistsForSourceUPN', 'MnAOdbForSourceUPNDoesNotExist',
    ]));
  });
});
