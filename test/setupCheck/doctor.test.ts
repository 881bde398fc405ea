// `npm run doctor` as a person runs it: sandbox mode passes with exit code 0; a failure gives exit code 1;
// nothing secret is ever printed (bot secret, private keys, tokens).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runDoctor } from '../../bot/doctor.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { createTransport } from '../../services/tenants/index.js';
import { memoryLogger } from '../helpers/logs.js';
import { BOT_PASSWORD, liveEnv, startBotTokenEndpoint } from './helpers.js';

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]*/;

describe('npm run doctor', () => {
  it('passes against the simulated tenants: OK lines, authentication off, exit code 0', async () => {
    const lines: string[] = [];
    const code = await runDoctor({}, (l) => lines.push(l));
    const text = lines.join('\n');
    expect(code).toBe(0);
    expect(lines[0]).toBe('Setup check (sandbox mode: simulated tenants)');
    expect(text).not.toMatch(/^FAIL/m);
    expect(text).toMatch(/^OK {4}source \(contoso, simulated\): Microsoft Graph permissions: granted: /m);
    expect(text).toMatch(/^OK {4}target \(fabrikam, simulated\): cross-tenant migration feature: enabled/m);
    expect(text).toContain('authentication off (sandbox only)');
    expect(text).not.toMatch(JWT);
    expect(text).not.toContain('PRIVATE KEY');
  });

  it('exits 1 on a bad setting and says which key and what to type', async () => {
    const lines: string[] = [];
    const code = await runDoctor({ SANDBOX_USERS: 'many', TEAMS_APP_ID: 'x' }, (l) => lines.push(l));
    expect(code).toBe(1);
    const text = lines.join('\n');
    expect(text).toMatch(/^FAIL {2}Setting SANDBOX_USERS: must be a number/m);
    expect(text).toMatch(/^FAIL {2}Setting TEAMS_APP_ID: must be a GUID/m);
    expect(text).toMatch(/^ {6}fix: Correct TEAMS_APP_ID in \.env/m);
    expect(lines[lines.length - 1]).toMatch(/\d+ failed$/);
  });
});

describe('what the doctor prints never holds a secret', () => {
  let sandbox: SandboxHandle;
  let bot: Awaited<ReturnType<typeof startBotTokenEndpoint>>;
  beforeAll(async () => { sandbox = await startSandbox({ port: 0, users: 10, appRoles: { fabrikam: ['Sites.FullControl.All'] } }); bot = await startBotTokenEndpoint(); });
  afterAll(async () => { await sandbox.close(); await bot.close(); });

  it('with live settings, a secret and failures to report (output and debug log)', async () => {
    const live = await liveEnv(sandbox);
    const keyBody = sandbox.source.privateKeyPem.split('\n')[1];
    const env = { ...live.env, MicrosoftAppPassword: BOT_PASSWORD, MicrosoftAppCertificatePrivateKey: sandbox.target.privateKeyPem };
    const lines: string[] = [];
    const log = memoryLogger('debug');
    try {
      const code = await runDoctor(env, (l) => lines.push(l), { transport: createTransport({ sandboxUrl: sandbox.url }), botTransport: bot.transport, logger: log.logger });
      expect(code).toBe(1); // fabrikam's app lacks the Graph permissions
    } finally {
      await live.cleanup();
    }
    const text = `${lines.join('\n')}\n${log.text()}`;
    expect(bot.requests).toBeGreaterThan(0);
    expect(log.text()).toContain('"tenant"'); // the log did record the run
    expect(text).toContain('missing: SharePointCrossTenantMigration.Manage.All');
    expect(text).not.toContain(BOT_PASSWORD);
    expect(text).not.toContain(keyBody);
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toMatch(JWT);
  });
});
