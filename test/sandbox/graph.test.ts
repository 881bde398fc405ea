import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { csomClient, enumParam, routedFetch, stringParam, tenantMethodXml, tokenFor } from './helpers.js';

let sandbox: SandboxHandle;
let sourceToken: string;
let targetToken: string;
const TASKS = 'https://graph.microsoft.com/beta/solutions/sharePoint/migrations/crossOrganizationMigrationTasks';

beforeAll(async () => {
  sandbox = await startSandbox({ moveDurationMs: 300 });
  [sourceToken, targetToken] = await Promise.all([tokenFor(sandbox, sandbox.source, 'https://graph.microsoft.com'), tokenFor(sandbox, sandbox.target, 'https://graph.microsoft.com')]);
});
afterAll(async () => { await sandbox.close(); });

async function get(url: string, token = sourceToken): Promise<{ status: number; body: any }> {
  const res = await routedFetch(sandbox, url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}
async function post(url: string, body: unknown, token = sourceToken): Promise<{ status: number; body: any }> {
  const res = await routedFetch(sandbox, url, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}
const byUpn = (upn: string) => `${TASKS}/getBySourceUserPrincipalName(sourcePrincipalName='${encodeURIComponent(upn.replace(/'/g, "''"))}')`;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('Graph users', () => {
  it('pages through every user with @odata.nextLink and $select', async () => {
    const seen: string[] = [];
    let url: string | undefined = 'https://graph.microsoft.com/v1.0/users?$top=60&$select=id,userPrincipalName,preferredLanguage';
    let pages = 0;
    while (url) {
      const { status, body } = await get(url);
      expect(status).toBe(200);
      for (const u of body.value) {
        expect(Object.keys(u).sort()).toEqual(['id', 'preferredLanguage', 'userPrincipalName']);
        seen.push(u.userPrincipalName);
      }
      url = body['@odata.nextLink'];
      pages++;
    }
    expect(seen.length).toBe(260);
    expect(new Set(seen).size).toBe(260);
    expect(pages).toBe(5);
    expect(seen.every((u) => u.endsWith('@contoso.com'))).toBe(true);
  });

  it('gets a user by UPN (apostrophe included) and by id, with fr-FR and en-US languages', async () => {
    const upn = sandbox.scenario!.apostropheUpn!;
    const { status, body } = await get(`https://graph.microsoft.com/v1.0/users/${encodeURIComponent(upn)}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ userPrincipalName: upn, displayName: "Sean O'Brien", mail: upn });
    const byId = await get(`https://graph.microsoft.com/beta/users/${body.id}`);
    expect(byId.body.userPrincipalName).toBe(upn);
    const all = await get('https://graph.microsoft.com/v1.0/users?$top=999&$select=preferredLanguage', targetToken);
    const langs = new Set(all.body.value.map((u: { preferredLanguage: string }) => u.preferredLanguage));
    expect(langs).toEqual(new Set(['en-US', 'fr-FR']));
  });

  it('answers 404 Request_ResourceNotFound for an unknown user and 404 for an unknown route', async () => {
    const { status, body } = await get('https://graph.microsoft.com/v1.0/users/nobody@contoso.com');
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: 'Request_ResourceNotFound', innerError: { 'request-id': expect.any(String) } });
    // groups is served now (a group site's group by alias): devices is a route the simulated Graph has not.
    expect((await get('https://graph.microsoft.com/v1.0/devices')).status).toBe(404);
  });

  it('answers 401 without a token and with a SharePoint token', async () => {
    const none = await routedFetch(sandbox, 'https://graph.microsoft.com/v1.0/users');
    expect(none.status).toBe(401);
    expect(((await none.json()) as any).error.code).toBe('InvalidAuthenticationToken');
    const spToken = await tokenFor(sandbox, sandbox.source, sandbox.source.adminUrl);
    expect((await get('https://graph.microsoft.com/v1.0/users', spToken)).status).toBe(401);
  });
});

describe('cross-organization migration tasks', () => {
  it('reports every state of the seeded moves by source UPN, with strict ISO dates', async () => {
    const users = sandbox.scenario!.users;
    const counts: Record<string, number> = {};
    for (const u of users) counts[u.status] = (counts[u.status] ?? 0) + 1;
    expect(counts).toEqual({ completed: 230, inProgress: 8, failed: 4, notStarted: 8 });
    for (const status of ['completed', 'inProgress', 'failed', 'notStarted']) {
      const user = users.find((u) => u.status === status)!;
      const { status: http, body } = await get(byUpn(user.sourceUpn));
      expect(http).toBe(200);
      expect(body).toMatchObject({ id: user.moveId, status, parameters: { '@odata.type': '#microsoft.graph.sharePointUserMigrationTaskParameters', targetOrganizationHost: 'https://fabrikam-my.sharepoint.com', sourceUserIdentity: { userPrincipalName: user.sourceUpn } } });
      if (status !== 'notStarted') expect(body.startedDateTime).toMatch(ISO);
      if (status === 'completed' || status === 'failed') expect(body.finishedDateTime).toMatch(ISO);
      if (status === 'failed') expect(body.error).toEqual({ code: expect.stringMatching(/^MnA/), message: expect.any(String) });
      else expect(body.error).toBeNull();
    }
  });

  it('decodes the doubled apostrophe of the OData literal, and gets the task by id', async () => {
    const upn = sandbox.scenario!.apostropheUpn!;
    const { status, body } = await get(byUpn(upn));
    expect(status).toBe(200);
    expect(body.status).toBe('completed');
    expect((await get(`${TASKS}/${body.id}`)).body.parameters.sourceUserIdentity.userPrincipalName).toBe(upn);
  });

  it('answers 404 for a user without a task and an unknown id', async () => {
    expect((await get(byUpn('nobody@contoso.com'))).body.error.code).toBe('itemNotFound');
    expect((await get(`${TASKS}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await get(byUpn(sandbox.scenario!.users[0].targetUpn), targetToken)).status).toBe(404);
  });

  it('validates without creating, creates a move that runs to completion, and refuses a second one', async () => {
    const user = sandbox.scenario!.users.find((u) => u.status === 'failed')!;
    const parameters = { '@odata.type': '#microsoft.graph.sharePointUserMigrationTaskParameters', targetOrganizationHost: 'https://fabrikam-my.sharepoint.com', sourceUserIdentity: { userPrincipalName: user.sourceUpn }, targetUserIdentity: { userPrincipalName: user.targetUpn } };
    const check = await post(TASKS, { parameters: { ...parameters, validateOnly: true } });
    expect(check.status).toBe(200);
    expect(check.body.id).toBeUndefined();
    expect(check.body.status).toBe('completed');
    const created = await post(TASKS, { parameters });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ id: expect.any(String), status: 'notStarted' });
    expect((await post(TASKS, { parameters })).body.error.message).toMatch(/^MnASiteMoveIsInprogressOrFinished/);
    await new Promise((r) => setTimeout(r, 350));
    const done = await get(byUpn(user.sourceUpn));
    expect(done.body).toMatchObject({ id: created.body.id, status: 'completed', finishedDateTime: expect.stringMatching(ISO) });
  });

  it('fails a reverse move while the redirect still sits at the original URL', async () => {
    const user = sandbox.scenario!.users.find((u) => u.status === 'completed' && u.sourceSiteUrl !== sandbox.scenario!.heldRedirectUrl && u.sourceSiteUrl !== sandbox.scenario!.recycledRedirectUrl)!;
    const created = await post(TASKS, { parameters: { targetOrganizationHost: 'https://contoso-my.sharepoint.com', sourceUserIdentity: { userPrincipalName: user.targetUpn }, targetUserIdentity: { userPrincipalName: user.sourceUpn } } }, targetToken);
    expect(created.status).toBe(200);
    await new Promise((r) => setTimeout(r, 350));
    const state = await get(`${TASKS}/${created.body.id}`, targetToken);
    expect(state.body).toMatchObject({ status: 'failed', error: { code: 'MnASiteMoveTargetUrlHasWriteConflict' } });
  });

  it('cancels a move only before it starts (204)', async () => {
    const user = sandbox.scenario!.users.find((u) => u.status === 'notStarted')!;
    const { body } = await get(byUpn(user.sourceUpn));
    const cancel = await post(`${TASKS}/${body.id}/cancel`, undefined);
    expect(cancel.status).toBe(204);
    expect((await get(`${TASKS}/${body.id}`)).body.status).toBe('cancelled');
    const running = sandbox.scenario!.users.find((u) => u.status === 'inProgress')!;
    expect((await post(`${TASKS}/${running.moveId}/cancel`, undefined)).status).toBe(400);
  });

  it('answers 422 on reads and creation once this tenant\'s trust is gone', async () => {
    const user = sandbox.scenario!.users.find((u) => u.status === 'completed')!;
    const csom = await csomClient(sandbox, sandbox.source);
    const removal = await csom(tenantMethodXml('RemoveSPOTenantOrgRelation', enumParam(1) + enumParam(2) + stringParam('https://fabrikam-my.sharepoint.com/')));
    expect(removal.body).toHaveLength(3);
    const { status, body } = await get(byUpn(user.sourceUpn));
    expect(status).toBe(422);
    expect(body.error.message).toBe('There is no Cross-Tenant relationship established for partner https://fabrikam-my.sharepoint.com and role Target.');
    expect((await get(`${TASKS}/${user.moveId}`)).status).toBe(422);
    expect((await post(TASKS, { parameters: { targetOrganizationHost: 'https://fabrikam-my.sharepoint.com', sourceUserIdentity: { userPrincipalName: user.sourceUpn }, targetUserIdentity: { userPrincipalName: user.targetUpn } } })).status).toBe(422);
  });
});

describe('missing app roles', () => {
  it('answers the migration routes 403 "Access denied" (as their docs list it) when the token lacks the role', async () => {
    const limited = await startSandbox({ users: 12, appRoles: { contoso: ['User.Read.All', 'Sites.FullControl.All'] } });
    try {
      const token = await tokenFor(limited, limited.source, 'https://graph.microsoft.com');
      const res = await routedFetch(limited, byUpn(limited.scenario!.users[0].sourceUpn), { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(403);
      expect(((await res.json()) as any).error).toMatchObject({ code: 'accessDenied', message: 'Access denied' });
      const users = await routedFetch(limited, 'https://graph.microsoft.com/v1.0/users', { headers: { authorization: `Bearer ${token}` } });
      expect(users.status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
