// startMove and getMoveTask over real HTTP against the simulated tenants: the documented request body byte for
// byte, a validation, a move back run to completed, the apostrophe UPN, refusals as TenantError with the
// MnA code and our advice, a failed task's reason, 404 → null, 422 once the trust is gone; a person's move
// state, null when none, an error when the read is refused.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TenantError } from '../../services/errors.js';
import { startSandbox, type SandboxHandle, type SandboxScenarioUser } from '../../services/sandbox/index.js';
import { DEFAULT_USER_AGENT } from '../../services/tenants/index.js';
import type { MoveState } from '../../services/tenants/types.js';
import { startFaultProxy } from '../helpers/faultProxy.js';
import { clientFor, errorOf as refusal, recordingClientFor, type SentRequest } from './helpers/sandboxClient.js';

const errorOf = (p: Promise<unknown>) => refusal<TenantError>(p);

const CONTOSO = 'https://contoso-my.sharepoint.com/';
const TASKS = 'https://graph.microsoft.com/beta/solutions/sharePoint/migrations/crossOrganizationMigrationTasks';

let sandbox: SandboxHandle;
const sent: SentRequest[] = [];
const fabrikam = () => recordingClientFor(sandbox, 'target', sent);
const contoso = () => clientFor(sandbox, 'source').client;
const lastPost = () => sent.filter(s => s.method === 'POST' && s.url.startsWith('https://graph.microsoft.com')).at(-1)!;

beforeAll(async () => { sandbox = await startSandbox({ users: 30, moveDurationMs: 300, operationPollingMs: 10 }); });
afterAll(async () => { await sandbox.close(); });

function completedUsers(): SandboxScenarioUser[] {
  const s = sandbox.scenario!;
  const special = [s.heldRedirectUrl, s.recycledRedirectUrl, ...(s.lockedRedirects ?? [])];
  return s.users.filter(u => u.status === 'completed' && !special.includes(u.sourceSiteUrl));
}
async function clearOriginalUrl(u: SandboxScenarioUser): Promise<void> {
  const client = contoso();
  await client.removeSite(u.sourceSiteUrl);
  await client.purgeDeletedSite(u.sourceSiteUrl);
}
async function untilFinished(id: string): Promise<MoveState> {
  const client = fabrikam();
  for (let i = 0; i < 200; i++) {
    const state = await client.getMoveTask(id);
    if (state && state.status !== 'notStarted' && state.status !== 'inProgress') return state;
    await new Promise(r => setTimeout(r, 20));
  }
  throw new Error('move did not finish');
}
const back = (u: SandboxScenarioUser, validateOnly?: boolean) => ({ sourceUpn: u.targetUpn, targetUpn: u.sourceUpn, targetHostUrl: CONTOSO, validateOnly });

describe('startMove', () => {
  it('validates: the documented body with validateOnly, no id, status completed', async () => {
    const u = completedUsers()[0];
    await clearOriginalUrl(u);
    const state = await fabrikam().startMove(back(u, true));
    expect(state).toEqual({ sourceUpn: u.targetUpn, status: 'completed', id: undefined, startedDateTime: undefined, lastUpdatedDateTime: undefined, finishedDateTime: undefined, error: undefined });
    const post = lastPost();
    expect(post.url).toBe(TASKS);
    expect(post.headers.get('content-type')).toBe('application/json');
    expect(post.headers.get('user-agent')).toBe(DEFAULT_USER_AGENT);
    expect(post.body).toBe(`{"parameters":{"@odata.type":"#microsoft.graph.sharePointUserMigrationTaskParameters","targetOrganizationHost":"https://contoso-my.sharepoint.com","validateOnly":true,"sourceUserIdentity":{"userPrincipalName":"${u.targetUpn}"},"targetUserIdentity":{"userPrincipalName":"${u.sourceUpn}"}}}`);
  });

  it('starts the move back without validateOnly in the body, and getMoveTask follows it to completed; the sites swapped', async () => {
    const u = completedUsers()[0];
    const started = await fabrikam().startMove(back(u));
    expect(started).toMatchObject({ sourceUpn: u.targetUpn, status: 'notStarted', id: expect.any(String) });
    expect(JSON.parse(lastPost().body)).toEqual({ parameters: {
      '@odata.type': '#microsoft.graph.sharePointUserMigrationTaskParameters', targetOrganizationHost: 'https://contoso-my.sharepoint.com',
      sourceUserIdentity: { userPrincipalName: u.targetUpn }, targetUserIdentity: { userPrincipalName: u.sourceUpn },
    } });
    const done = await untilFinished(started.id!);
    expect(done).toMatchObject({ id: started.id, sourceUpn: u.targetUpn, status: 'completed', finishedDateTime: expect.any(String) });
    expect(done.error).toBeUndefined();
    expect(await contoso().getSite(u.sourceSiteUrl)).toMatchObject({ exists: true, isRedirect: false, reachable: true, webTemplate: 'SPSPERS' });
    expect(await fabrikam().getSite(u.targetSiteUrl)).toMatchObject({ exists: true, isRedirect: true });
    expect((await fabrikam().getMoveState(u.targetUpn))?.id).toBe(started.id);
  });

  it('sends the apostrophe UPN as it is (JSON needs no escaping) and the move runs', async () => {
    const u = sandbox.scenario!.users.find(x => x.sourceUpn === sandbox.scenario!.apostropheUpn)!;
    await clearOriginalUrl(u);
    const started = await fabrikam().startMove(back(u));
    expect(lastPost().body).toContain(`"sourceUserIdentity":{"userPrincipalName":"sean.o'brien@fabrikam.com"}`);
    expect((await untilFinished(started.id!)).status).toBe('completed');
    expect((await fabrikam().getMoveState("sean.o'brien@fabrikam.com"))?.status).toBe('completed');
  });

  it('turns a refusal into a TenantError carrying the MnA code, our advice and the service\'s words', async () => {
    const u = completedUsers()[1];
    const missing = await errorOf(fabrikam().startMove({ ...back(u, true), targetUpn: 'nobody@contoso.com' }));
    expect(missing).toBeInstanceOf(TenantError);
    expect(missing.serviceCode).toBe('MnATargetUserDoesNotExist');
    expect(missing.httpStatus).toBe(400);
    expect(missing.userMessage).toMatch(/^The target user does not exist on the target tenant\. .*\(Graph said: MnATargetUserDoesNotExist: /);

    await fabrikam().startMove(back(u));
    const twice = await errorOf(fabrikam().startMove(back(u)));
    expect(twice.serviceCode).toBe('MnASiteMoveIsInprogressOrFinished');
    expect(twice.userMessage).toContain('already in progress or has finished');
  });

  it('a move that fails on the URL conflict reads failed with the code and the reason', async () => {
    const u = completedUsers()[2];
    const started = await fabrikam().startMove(back(u));
    const failed = await untilFinished(started.id!);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe(`MnASiteMoveTargetUrlHasWriteConflict: A site already exists at ${u.sourceSiteUrl}. Remove it and purge it from the recycle bin, then move again.`);
  });
});

describe('getMoveTask', () => {
  it('answers null for an id the service does not know', async () => {
    expect(await fabrikam().getMoveTask('00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('answers NoCrossTenantRelationship (422) once fabrikam\'s relation with contoso as Target is removed', async () => {
    const u = completedUsers()[3];
    const started = await fabrikam().startMove(back(u));
    await fabrikam().removeTrust('Target', CONTOSO);
    const err = await errorOf(fabrikam().getMoveTask(started.id!));
    expect(err.httpStatus).toBe(422);
    expect(err.serviceCode).toBe('NoCrossTenantRelationship');
    const refused = await errorOf(fabrikam().startMove(back(completedUsers()[4], true)));
    expect(refused.serviceCode).toBe('MnAReverseTrustNeedsRequiredPartnerRole');
    expect(refused.userMessage).toContain('Moving a user back needs a relationship in the reverse direction');
  });
});

describe('getMoveState', () => {
  it('reads a person\'s move, and answers null for someone who never moved', async () => {
    const u = completedUsers()[5];
    expect(await contoso().getMoveState(u.sourceUpn)).toMatchObject({ sourceUpn: u.sourceUpn, status: 'completed' });
    expect(await contoso().getMoveState('nobody.here@contoso.com')).toBeNull();
  });

  it('a refused read (HTTP 403) is an error, never "no move"', async () => {
    const proxy = await startFaultProxy({ target: sandbox.url, applies: (req) => (req.url ?? '').includes('crossOrganizationMigrationTasks') });
    try {
      proxy.down('forbidden');
      const err = await errorOf(clientFor(sandbox, 'source', { url: proxy.url }).client.getMoveState(completedUsers()[5].sourceUpn));
      expect(err).toBeInstanceOf(TenantError);
      expect(err.httpStatus).toBe(403);
    } finally {
      await proxy.close();
    }
  });
});
