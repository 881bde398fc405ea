// Each failure the setup check can detect, provoked against the simulated tenants over real HTTP, with
// the message and the fix it gives. The configurations are live-mode ones naming the simulated tenants.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSetup, type SetupCheckOptions } from '../../bot/setupCheckRunner.js';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../services/sandbox/index.js';
import { reportPassed } from '../../services/setupCheck/runSetupCheck.js';
import { createTransport } from '../../services/tenants/index.js';
import { certificate, expiredCertificate, failed, item, liveEnv, soonExpiringCertificate, startBotTokenEndpoint, transportWithUnreachable } from './helpers.js';

let botEndpoint: Awaited<ReturnType<typeof startBotTokenEndpoint>>;
beforeAll(async () => { botEndpoint = await startBotTokenEndpoint(); });
afterAll(async () => { await botEndpoint.close(); });

/** The target app with exactly the roles every configuration needs: what an optional setting adds shows missing. */
const NARROW = { appRoles: { fabrikam: ['Sites.FullControl.All', 'SharePointCrossTenantMigration.Manage.All', 'SharePointCrossTenantMigration.Read.All', 'User.Read.All', 'TeamsAppInstallation.ReadWriteSelfForUser.All', 'Files.Read.All'] } };

/** One sandbox, one configuration, one report. */
async function check(
  sandboxOptions: SandboxOptions,
  configure: (sandbox: SandboxHandle, env: Record<string, string>) => Promise<Partial<SetupCheckOptions> | void> | Partial<SetupCheckOptions> | void = () => {},
  pems?: (sandbox: SandboxHandle) => Parameters<typeof liveEnv>[1],
) {
  const sandbox = await startSandbox({ port: 0, users: 10, ...sandboxOptions });
  const live = await liveEnv(sandbox, pems?.(sandbox));
  try {
    const extra = (await configure(sandbox, live.env)) ?? {};
    return await checkSetup(live.env, { transport: createTransport({ sandboxUrl: sandbox.url }), botTransport: botEndpoint.transport, ...extra });
  } finally {
    await sandbox.close();
    await live.cleanup();
  }
}

describe('setup check against the simulated tenants (live-mode settings)', () => {
  it('passes a correct configuration, every item OK', async () => {
    const report = await check({});
    expect(report.mode).toBe('live');
    expect(report.items.filter((i) => i.ok !== true)).toEqual([]);
    expect(reportPassed(report)).toBe(true);
    expect(item(report, 'bot.credentials').detail).toContain('Bot Framework token');
  });

  it('wrong tenant id: Entra does not know the tenant, fix SOURCE_TENANT_ID', async () => {
    const report = await check({}, (_s, env) => { env.SOURCE_TENANT_ID = randomUUID(); });
    const token = item(report, 'source.sharepoint.token');
    expect(token.ok).toBe(false);
    expect(token.detail).toMatch(/Tenant .* was not found/);
    expect(token.fix).toContain('SOURCE_TENANT_ID');
    expect(item(report, 'source.adminUrl').ok).toBe('warn');
    expect(item(report, 'target.sharepoint.token').ok).toBe(true);
  });

  it('wrong client id: the app is not in the tenant, fix TARGET_CLIENT_ID', async () => {
    const report = await check({}, (_s, env) => { env.TARGET_CLIENT_ID = randomUUID(); });
    const token = item(report, 'target.graph.token');
    expect(token.ok).toBe(false);
    expect(token.detail).toContain('was not found in tenant');
    expect(token.fix).toContain('TARGET_CLIENT_ID');
  });

  it('expired certificate: fails locally on its dates and Entra refuses it (AADSTS700027, key expired)', async () => {
    const expired = await expiredCertificate();
    const report = await check({ appCertificates: { contoso: expired } }, undefined, () => ({ source: expired }));
    const dates = item(report, 'source.certificate.expiry');
    expect(dates.ok).toBe(false);
    expect(dates.detail).toMatch(/expired on \d{4}-/);
    expect(dates.fix).toContain('SOURCE_CERT_PATH');
    const token = item(report, 'source.sharepoint.token');
    expect(token.ok).toBe(false);
    expect(token.detail).toContain('The key used is expired');
    expect(token.fix).toContain('expired certificate must be replaced');
  });

  it('certificate ending within 30 days: a warning, and the check still passes', async () => {
    const soon = await soonExpiringCertificate();
    const report = await check({ appCertificates: { fabrikam: soon } }, undefined, () => ({ target: soon }));
    const dates = item(report, 'target.certificate.expiry');
    expect(dates.ok).toBe('warn');
    expect(dates.detail).toMatch(/in (9|10) days/);
    expect(reportPassed(report)).toBe(true);
  });

  it('certificate not registered on the app: Entra refuses the key (AADSTS700027)', async () => {
    const other = await certificate(new Date(Date.now() - 86_400_000), new Date(Date.now() + 300 * 86_400_000), 'not registered');
    const report = await check({}, undefined, () => ({ source: other }));
    expect(item(report, 'source.certificate.match').ok).toBe(true);
    const token = item(report, 'source.sharepoint.token');
    expect(token.ok).toBe(false);
    expect(token.detail).toContain('The key was not found');
    expect(token.fix).toContain('Upload the certificate in SOURCE_CERT_PATH');
  });

  it('key and certificate that are not a pair: named locally, and the signature is refused', async () => {
    const stray = await certificate(new Date(Date.now() - 86_400_000), new Date(Date.now() + 300 * 86_400_000), 'stray key');
    const report = await check({}, undefined, (s) => ({ target: { privateKeyPem: stray.privateKeyPem, certificatePem: s.target.certificatePem } }));
    const match = item(report, 'target.certificate.match');
    expect(match.ok).toBe(false);
    expect(match.detail).toContain('is not the key of certificate');
    expect(item(report, 'target.sharepoint.token').detail).toContain('did not match');
  });

  it('missing permissions: names the roles the token lacks', async () => {
    const report = await check({ appRoles: { contoso: ['Sites.FullControl.All', 'User.Read.All'], fabrikam: [] } });
    const graph = item(report, 'source.graph.permissions');
    expect(graph.ok).toBe(false);
    expect(graph.detail).toContain('missing: SharePointCrossTenantMigration.Manage.All, SharePointCrossTenantMigration.Read.All, TeamsAppInstallation.ReadWriteSelfForUser.All');
    expect(graph.fix).toContain('Grant admin consent');
    expect(item(report, 'source.sharepoint.permissions').ok).toBe(true);
    expect(item(report, 'target.sharepoint.permissions').detail).toContain('missing: Sites.FullControl.All');
    // Without Sites.FullControl.All the admin host answers, but refuses the call.
    const admin = item(report, 'target.adminUrl');
    expect(admin.ok).toBe(false);
    expect(admin.detail).toMatch(/^reached, but the call was refused/);
  });

  it('ADMIN_GROUP_IDS set: the target app must carry GroupMember.Read.All too; unset, it is not asked for', async () => {
    const groupId = '11111111-2222-4333-8444-555555555555';
    const withGroups = await check(NARROW, (_s, env) => { env.ADMIN_GROUP_IDS = groupId; });
    const graph = item(withGroups, 'target.graph.permissions');
    expect(graph.ok).toBe(false);
    expect(graph.detail).toContain('missing: GroupMember.Read.All');
    expect(graph.fix).toContain('ADMIN_GROUP_IDS or APPROVER_GROUP_IDS');
    expect(item(withGroups, 'source.graph.permissions').ok).toBe(true);
    expect(item(await check(NARROW), 'target.graph.permissions').ok).toBe(true);
  });

  it('MIGRATION_SOURCE=orchestrator: the target app must carry CrossTenantContentMigration.Read.All too; unset, it is not asked for', async () => {
    const withJobs = await check(NARROW, (_s, env) => { env.MIGRATION_SOURCE = 'orchestrator'; });
    const graph = item(withJobs, 'target.graph.permissions');
    expect(graph.ok).toBe(false);
    expect(graph.detail).toContain('missing: CrossTenantContentMigration.Read.All');
    expect(graph.fix).toContain('MIGRATION_SOURCE=orchestrator');
    expect(item(withJobs, 'source.graph.permissions').ok).toBe(true);
    expect(item(await check(NARROW), 'target.graph.permissions').ok).toBe(true);
  });

  it('SITE_MAP_PATH set: the target app must carry GroupMember.Read.All, to read the owners of moved group sites', async () => {
    const roles = ['SharePointCrossTenantMigration.Manage.All', 'SharePointCrossTenantMigration.Read.All', 'User.Read.All', 'TeamsAppInstallation.ReadWriteSelfForUser.All', 'Files.Read.All'];
    const narrow = { appRoles: { fabrikam: ['Sites.FullControl.All', ...roles] }, sites: 2, groupSites: 2 };
    const dir = await mkdtemp(join(tmpdir(), 'pmb-sitemap-'));
    try {
      const withSites = await check(narrow, async (s, env) => {
        env.SITE_MAP_PATH = join(dir, 'site-map.csv');
        await writeFile(env.SITE_MAP_PATH, s.siteMapCsv(), 'utf8');
      });
      const graph = item(withSites, 'target.graph.permissions');
      expect(graph.ok).toBe(false);
      expect(graph.detail).toContain('missing: GroupMember.Read.All');
      expect(graph.fix).toContain('SITE_MAP_PATH');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('GUIDANCE_MAIL_FROM set: the target app must carry Mail.Send too; unset, it is not asked for', async () => {
    const withMail = await check(NARROW, (s, env) => { env.GUIDANCE_MAIL_FROM = s.scenario!.helpMailbox!; });
    const graph = item(withMail, 'target.graph.permissions');
    expect(graph.ok).toBe(false);
    expect(graph.detail).toContain('missing: Mail.Send');
    expect(graph.fix).toContain('GUIDANCE_MAIL_FROM');
    expect(item(withMail, 'source.graph.permissions').ok).toBe(true);
    const without = await check(NARROW);
    expect(item(without, 'target.graph.permissions').ok).toBe(true);
    expect(item(without, 'target.graph.permissions').detail).not.toContain('Mail.Send');
    const granted = await check({}, (s, env) => { env.GUIDANCE_MAIL_FROM = s.scenario!.helpMailbox!; });
    expect(item(granted, 'target.graph.permissions').detail).toContain('Mail.Send');
    expect(reportPassed(granted)).toBe(true);
  });

  it('unreachable admin URL (closed loopback port): says it could not reach the host', async () => {
    const report = await check({}, async (s) => ({ transport: await transportWithUnreachable(s, ['contoso-admin.sharepoint.com']) }));
    const admin = item(report, 'source.adminUrl');
    expect(admin.ok).toBe(false);
    expect(admin.detail).toContain('Could not reach contoso-admin.sharepoint.com');
    expect(admin.fix).toContain('SOURCE_ADMIN_URL');
    expect(item(report, 'source.hostUrl').ok).toBe('warn');
  });

  it('unreachable cross-tenant host URL: the admin URL answers, the host does not', async () => {
    const report = await check({}, async (s) => ({ transport: await transportWithUnreachable(s, ['fabrikam-my.sharepoint.com']) }));
    expect(item(report, 'target.adminUrl').ok).toBe(true);
    const host = item(report, 'target.hostUrl');
    expect(host.ok).toBe(false);
    expect(host.detail).toContain('Could not reach fabrikam-my.sharepoint.com');
  });

  it('cross-tenant feature not enabled: the tenant\'s reported words, recognised without an ErrorValue', async () => {
    const report = await check({ featureDisabled: ['fabrikam'] });
    const feature = item(report, 'target.crossTenantFeature');
    expect(feature.ok).toBe(false);
    expect(feature.detail).toContain('The Cross-Tenant content move feature is not enabled for this tenant.');
    expect(feature.fix).toContain('Cross-Tenant User Data Migration add-on');
    expect(item(report, 'source.crossTenantFeature').ok).toBe(true);
  });

  it('unreadable certificate file: names the setting and the error', async () => {
    const report = await check({}, (_s, env) => { env.SOURCE_CERT_PATH = '/nonexistent/app.pem'; });
    const file = item(report, 'source.certificate.file');
    expect(file.ok).toBe(false);
    expect(file.detail).toContain('SOURCE_CERT_PATH (/nonexistent/app.pem): cannot read the file (ENOENT)');
    expect(failed(report)).toEqual(['source.certificate.file']);
  });

  it('bad settings: one failure per mistake, from the configuration rules, and the tenants left unchecked', async () => {
    const report = await check({}, (_s, env) => { env.SOURCE_TENANT_ID = 'contoso'; delete env.TARGET_CERT_PATH; env.TEAMS_APP_ID = 'my-app'; });
    const settings = report.items.filter((i) => i.id.startsWith('settings.'));
    expect(settings.map((i) => i.title)).toEqual(expect.arrayContaining(['Setting SOURCE_TENANT_ID', 'Setting TEAMS_APP_ID', 'Setting TARGET_CERT_PATH']));
    expect(settings.every((i) => i.ok === false)).toBe(true);
    expect(item(report, 'tenants').ok).toBe('warn');
    expect(item(report, 'teams.appId').ok).toBe(false);
    expect(reportPassed(report)).toBe(false);
  });

  it('wrong bot password: the Bot Framework token is refused, fix names MicrosoftAppPassword', async () => {
    const report = await check({}, (_s, env) => { env.MicrosoftAppPassword = 'not-the-secret'; });
    const bot = item(report, 'bot.credentials');
    expect(bot.ok).toBe(false);
    expect(bot.fix).toContain('MicrosoftAppPassword');
    expect(failed(report)).toEqual(['bot.credentials']);
  });
});
