// installAppForUser over real HTTP against the simulated tenants: the documented body and User-Agent, a first
// install, the 409 read as already installed, an unknown user and a missing permission as TenantError, and
// the Graph install limit (30/s) absorbed by the client's retry.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TenantError } from '../../services/errors.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { DEFAULT_USER_AGENT } from '../../services/tenants/index.js';
import { clientFor, errorOf as refusal, recordingClientFor, type SentRequest } from './helpers/sandboxClient.js';

const errorOf = (p: Promise<unknown>) => refusal<TenantError>(p);

const CATALOG_APP = '3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';

let sandbox: SandboxHandle;
const sent: SentRequest[] = [];
const fabrikam = () => recordingClientFor(sandbox, 'target', sent);
const targetUpns = () => sandbox.scenario!.users.filter(u => u.status === 'completed' && !u.targetUpn.includes("'")).map(u => u.targetUpn);

beforeAll(async () => { sandbox = await startSandbox({ users: 60 }); });
afterAll(async () => { await sandbox.close(); });

describe('installAppForUser', () => {
  it('installs, then answers already-installed; the documented request', async () => {
    const client = fabrikam();
    const user = (await client.getUser(targetUpns()[0]))!;
    await expect(client.installAppForUser(user.id, CATALOG_APP)).resolves.toBe('installed');
    const post = sent.filter(s => s.method === 'POST').at(-1)!;
    expect(post.url).toBe(`https://graph.microsoft.com/v1.0/users/${user.id}/teamwork/installedApps`);
    expect(JSON.parse(post.body)).toEqual({ 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${CATALOG_APP}` });
    expect(post.headers.get('user-agent')).toBe(DEFAULT_USER_AGENT);
    await expect(client.installAppForUser(user.id, CATALOG_APP)).resolves.toBe('already-installed');
    expect(sandbox.stats().teamsInstalls).toMatchObject({ installed: 1, conflicts: 1 });
  });

  it('refuses an unknown user with a TenantError (404)', async () => {
    const err = await errorOf(fabrikam().installAppForUser('00000000-0000-4000-8000-000000000000', CATALOG_APP));
    expect(err).toBeInstanceOf(TenantError);
    expect(err.httpStatus).toBe(404);
  });

  it('refuses without the Teams installation permission (403)', async () => {
    const narrow = await startSandbox({ users: 10, appRoles: { fabrikam: ['User.Read.All'] } });
    try {
      const client = clientFor(narrow, 'target').client;
      const err = await errorOf(client.installAppForUser(narrow.scenario!.users[0].targetUpn, CATALOG_APP));
      expect(err).toBeInstanceOf(TenantError);
      expect(err.httpStatus).toBe(403);
      expect(err.message).toContain('TeamsAppInstallation.ReadWriteSelfForUser.All');
    } finally { await narrow.close(); }
  });

  it('rides out the 30/s install limit: 40 installs at once all succeed, some after a 429', async () => {
    const client = fabrikam();
    const upns = targetUpns().slice(1, 41);
    const outcomes = await Promise.all(upns.map(upn => client.installAppForUser(upn, CATALOG_APP)));
    expect(outcomes.every(o => o === 'installed')).toBe(true);
    expect(sandbox.stats().teamsInstalls!.throttled).toBeGreaterThan(0);
  });
});
