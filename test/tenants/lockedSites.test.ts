// Locked redirect sites and the sandbox's action log: a locked site refuses removal with "access denied"
// (what admins report), unlockSite (Set-SPOSite -LockState Unlock) clears it, and the log holds exactly
// the changing calls the client made, refusals included.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { clientFor } from './helpers/sandboxClient.js';

let sandbox: SandboxHandle;
beforeAll(async () => { sandbox = await startSandbox({ users: 170 }); });
afterAll(async () => { await sandbox.close(); });

const errorOf = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as { serviceCode: string; userMessage: string });
const strip = <T extends { at: string }>(c: T) => { const { at, ...rest } = c; expect(Number.isNaN(Date.parse(at))).toBe(false); return rest; };

describe('locked redirect sites', () => {
  it('the scenario locks some redirects, and findSite shows their lock state', async () => {
    const locked = sandbox.scenario!.lockedRedirects!;
    expect(locked.length).toBeGreaterThanOrEqual(2);
    const { client } = clientFor(sandbox, 'source');
    const states = await Promise.all(locked.map(async url => (await client.findSite(url))!.lockState));
    expect(new Set(states)).toEqual(new Set(['NoAccess', 'ReadOnly']));
  });

  it('refuses removal with access denied and unlock advice; unlock, then removal succeeds; the log shows exactly those calls', async () => {
    const url = sandbox.scenario!.lockedRedirects![0];
    const { client } = clientFor(sandbox, 'source');
    const before = sandbox.changes().length;

    const denied = await errorOf(client.removeSite(url));
    expect(denied.serviceCode).toBe('System.UnauthorizedAccessException');
    expect(denied.userMessage).toContain('Access denied');
    expect(denied.userMessage).toContain('unlock it first');
    expect(await client.findSite(url)).not.toBeNull();

    const unlocked = await client.unlockSite(url);
    expect(unlocked.complete).toBe(true);
    expect((await client.findSite(url))!.lockState).toBe('Unlock');
    expect((await client.removeSite(url)).complete).toBe(true);
    expect(await client.isInRecycleBin(url)).toBe(true);
    expect((await client.purgeDeletedSite(url)).complete).toBe(true);

    expect(sandbox.changes().slice(before).map(strip)).toEqual([
      { tenant: 'contoso', method: 'RemoveSite', target: url, outcome: 'error', message: expect.stringContaining('Access denied') },
      { tenant: 'contoso', method: 'SetSite', target: url, outcome: 'ok', detail: 'LockState=Unlock' },
      { tenant: 'contoso', method: 'RemoveSite', target: url, outcome: 'ok' },
      { tenant: 'contoso', method: 'RemoveDeletedSite', target: url, outcome: 'ok' },
    ]);
  });

  it('logs trust removals with the role sent, and reads (find, bin check, verify) not at all', async () => {
    const before = sandbox.changes().length;
    const target = clientFor(sandbox, 'target').client;
    await target.findSite(sandbox.scenario!.users[0].targetSiteUrl);
    await target.isInRecycleBin(sandbox.scenario!.users[0].targetSiteUrl);
    await target.getTrust('Source', sandbox.source.myHostUrl);
    await target.removeTrust('Source', sandbox.source.myHostUrl);
    expect(sandbox.changes().slice(before).map(strip)).toEqual([
      { tenant: 'fabrikam', method: 'RemoveSPOTenantOrgRelation', target: sandbox.source.myHostUrl, outcome: 'ok', detail: 'PartnerRole Source' },
    ]);
  });
});
