import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../../bot/config.js';
import { SANDBOX_PEOPLE } from '../../../bot/sandboxPeople.js';
import { ConfigError } from '../../../services/errors.js';

const LIVE = {
  SOURCE_ADMIN_URL: 'https://contoso-admin.sharepoint.com',
  SOURCE_TENANT_ID: '11111111-1111-4111-8111-111111111111',
  SOURCE_CLIENT_ID: '22222222-2222-4222-8222-222222222222',
  SOURCE_CERT_PATH: './certs/contoso.pem',
  TARGET_ADMIN_URL: 'https://fabrikam-admin.sharepoint.com',
  TARGET_TENANT_ID: '33333333-3333-4333-8333-333333333333',
  TARGET_CLIENT_ID: '44444444-4444-4444-8444-444444444444',
  TARGET_CERT_PATH: './certs/fabrikam.pem',
  MicrosoftAppId: '55555555-5555-4555-8555-555555555555',
  MicrosoftAppPassword: 'not-a-real-secret',
  ADMIN_IDS: '66666666-6666-4666-8666-666666666666',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).detail!.problems as string[];
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('with no tenant settings runs the simulated tenants with defaults and the sandbox people', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('sandbox');
    expect(config.port).toBe(3978);
    expect(config.authEnabled).toBe(false);
    expect(config.storage).toEqual({ kind: 'file', dir: resolve('./data') });
    expect(config.adminIds).toEqual([SANDBOX_PEOPLE.admin.aadObjectId]);
    expect(config.approverIds).toEqual([SANDBOX_PEOPLE.approver.aadObjectId]);
    expect(config.sandboxPeopleDefaulted).toBe(true);
    expect(config.authorityHost).toBe('https://login.microsoftonline.com');
    expect(config.graphUrl).toBe('https://graph.microsoft.com');
    expect(config.allowedTenantIds).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes INSTANCE_HOST as the host name on job leases, and refuses one that cannot be part of a lease name', () => {
    expect(loadConfig({}).instanceHost).toBeUndefined();
    expect(loadConfig({ INSTANCE_HOST: 'bot-vm-2' }).instanceHost).toBe('bot-vm-2');
    expect(() => loadConfig({ INSTANCE_HOST: 'vm#2' })).toThrow(/INSTANCE_HOST: must be a host name without spaces or #/);
  });

  it('takes IDENTITY_MAP_PATH and SITE_MAP_PATH as absolute paths, and neither when unset', () => {
    const config = loadConfig({ IDENTITY_MAP_PATH: './maps/people.csv', SITE_MAP_PATH: './maps/sites.csv' });
    expect(config.identityMapPath).toBe(resolve('./maps/people.csv'));
    expect(config.siteMapPath).toBe(resolve('./maps/sites.csv'));
    expect(loadConfig({ SITE_MAP_PATH: ' ' }).siteMapPath).toBeUndefined();
  });

  it('takes MIGRATION_SOURCE as identity-map or orchestrator, unset when empty, and names a bad value', () => {
    expect(loadConfig({ MIGRATION_SOURCE: 'orchestrator' }).migrationSource).toBe('orchestrator');
    expect(loadConfig({ MIGRATION_SOURCE: 'identity-map' }).migrationSource).toBe('identity-map');
    expect(loadConfig({ MIGRATION_SOURCE: '' }).migrationSource).toBeUndefined();
    expect(() => loadConfig({ MIGRATION_SOURCE: 'jobs' })).toThrow(/MIGRATION_SOURCE: must be identity-map or orchestrator/);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', SOURCE_ADMIN_URL: '  ', ADMIN_IDS: '' }).mode).toBe('sandbox');
  });

  it('with every tenant setting and bot credentials runs live with the given values', () => {
    const config = loadConfig({ ...LIVE, PORT: '0', SOURCE_HOST_URL: 'https://contoso-my.sharepoint.com/', ALLOWED_TENANT_IDS: '33333333-3333-4333-8333-333333333333, 11111111-1111-4111-8111-111111111111' });
    expect(config.mode).toBe('live');
    expect(config.port).toBe(0);
    expect(config.authEnabled).toBe(true);
    expect(config.tenants?.source).toEqual({ adminUrl: LIVE.SOURCE_ADMIN_URL, tenantId: LIVE.SOURCE_TENANT_ID, clientId: LIVE.SOURCE_CLIENT_ID, certPath: resolve(LIVE.SOURCE_CERT_PATH) });
    expect(config.hostUrlOverrides).toEqual({ source: 'https://contoso-my.sharepoint.com/', target: undefined });
    expect(config.allowedTenantIds).toEqual(['33333333-3333-4333-8333-333333333333', '11111111-1111-4111-8111-111111111111']);
    expect(config.adminIds).toEqual([LIVE.ADMIN_IDS]);
    expect(config.sandboxPeopleDefaulted).toBe(false);
    expect(config.botFrameworkEnv.MicrosoftAppPassword).toBe('not-a-real-secret');
  });

  it('names the missing keys of a partial tenant configuration', () => {
    const { TARGET_CLIENT_ID, TARGET_CERT_PATH, ...partial } = LIVE;
    const problems = problemsOf(partial);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^TARGET_CLIENT_ID, TARGET_CERT_PATH: missing\./);
  });

  it('refuses live mode without a bot app id', () => {
    const { MicrosoftAppId, ...noBot } = LIVE;
    expect(problemsOf(noBot)[0]).toMatch(/^MicrosoftAppId: live mode needs the bot's credentials/);
  });

  it('refuses live mode with an app id but no password, certificate or managed identity', () => {
    const { MicrosoftAppPassword, ...noSecret } = LIVE;
    expect(problemsOf(noSecret)[0]).toMatch(/^MicrosoftAppId: live mode needs/);
    expect(loadConfig({ ...noSecret, MicrosoftAppType: 'UserAssignedMSI' }).mode).toBe('live');
    expect(loadConfig({ ...noSecret, MicrosoftAppCertificateThumbprint: 'AB12', MicrosoftAppCertificatePrivateKey: 'pem' }).mode).toBe('live');
  });

  it('refuses live mode with neither ADMIN_IDS nor ADMIN_GROUP_IDS', () => {
    const { ADMIN_IDS, ...noAdmins } = LIVE;
    expect(problemsOf(noAdmins)).toEqual([expect.stringMatching(/^ADMIN_IDS or ADMIN_GROUP_IDS: one is required with real tenants/)]);
  });

  it('takes ADMIN_GROUP_IDS alone in live mode, and both group lists as lists of ids', () => {
    const { ADMIN_IDS, ...noAdmins } = LIVE;
    const group = '4b1e0c2a-7d3f-4e5a-9b6c-0a1b2c3d4e01';
    const config = loadConfig({ ...noAdmins, ADMIN_GROUP_IDS: ` ${group.toUpperCase()} `, APPROVER_GROUP_IDS: `${group},${SANDBOX_PEOPLE.admin.aadObjectId}` });
    expect(config.adminIds).toEqual([]);
    expect(config.adminGroupIds).toEqual([group.toUpperCase()]);
    expect(config.approverGroupIds).toEqual([group, SANDBOX_PEOPLE.admin.aadObjectId]);
  });

  it('reports which ids of a group list are not GUIDs', () => {
    expect(problemsOf({ APPROVER_GROUP_IDS: 'Migration approvers' })[0]).toMatch(/^APPROVER_GROUP_IDS: .*not GUIDs: Migration approvers\./);
  });

  it('reports a bad GUID with the key and an example', () => {
    expect(problemsOf({ ...LIVE, SOURCE_TENANT_ID: 'contoso' })).toEqual([
      expect.stringMatching(/^SOURCE_TENANT_ID: must be a GUID, e\.g\. [0-9a-f-]{36}$/),
    ]);
  });

  it('reports which ids of a list are not GUIDs', () => {
    expect(problemsOf({ ADMIN_IDS: `${SANDBOX_PEOPLE.admin.aadObjectId},bob` })[0]).toMatch(/^ADMIN_IDS: .*not GUIDs: bob\./);
  });

  it('wants https for tenant and service URLs', () => {
    const problems = problemsOf({ ...LIVE, SOURCE_ADMIN_URL: 'http://contoso-admin.sharepoint.com', GRAPH_URL: 'graph' });
    expect(problems).toEqual([
      expect.stringMatching(/^SOURCE_ADMIN_URL: must be an https URL, e\.g\. https:\/\/contoso-admin\.sharepoint\.com$/),
      expect.stringMatching(/^GRAPH_URL: must be an https URL/),
    ]);
  });

  it('wants a real yyyy-mm-dd licence expiry', () => {
    expect(problemsOf({ SOURCE_LICENSE_EXPIRY: '31/12/2026' })[0]).toMatch(/^SOURCE_LICENSE_EXPIRY: must be a date yyyy-mm-dd/);
    expect(problemsOf({ SOURCE_LICENSE_EXPIRY: '2026-02-30' })[0]).toMatch(/^SOURCE_LICENSE_EXPIRY: is not a real date/);
    expect(loadConfig({ SOURCE_LICENSE_EXPIRY: '2026-12-31' }).sourceLicenseExpiry).toBe('2026-12-31');
  });

  it('takes file storage, and azure-blob with its connection string and container', () => {
    expect(loadConfig({ STORAGE: 'file:/tmp/pmb' }).storage).toEqual({ kind: 'file', dir: '/tmp/pmb' });
    expect(loadConfig({ STORAGE: 'azure-blob', AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }).storage)
      .toEqual({ kind: 'azure-blob', dir: resolve('./data'), connectionString: 'UseDevelopmentStorage=true', container: 'post-migration-bot' });
    expect(problemsOf({ STORAGE: 'azure-blob', AZURE_STORAGE_CONNECTION_STRING: 'x', AZURE_STORAGE_CONTAINER: 'Bad_Name' })[0]).toMatch(/^AZURE_STORAGE_CONTAINER: must be a blob container name/);
    expect(problemsOf({ STORAGE: 'redis://x' })[0]).toMatch(/^STORAGE: must be file:<dir>/);
  });

  it('takes azure-blob by the account URL alone, with no key', () => {
    expect(loadConfig({ STORAGE: 'azure-blob', AZURE_STORAGE_ACCOUNT_URL: 'https://contosomigration.blob.core.windows.net', AZURE_STORAGE_CONTAINER: 'state' }).storage)
      .toEqual({ kind: 'azure-blob', dir: resolve('./data'), accountUrl: 'https://contosomigration.blob.core.windows.net', container: 'state' });
    expect(problemsOf({ STORAGE: 'azure-blob', AZURE_STORAGE_ACCOUNT_URL: 'http://contosomigration.blob.core.windows.net' })[0])
      .toMatch(/^AZURE_STORAGE_ACCOUNT_URL: must be an https URL, e.g. https:\/\/contosomigration\.blob\.core\.windows\.net/);
  });

  it('with azure-blob and no way to the account, names both settings', () => {
    expect(problemsOf({ STORAGE: 'azure-blob' })).toEqual([expect.stringMatching(/^AZURE_STORAGE_ACCOUNT_URL or AZURE_STORAGE_CONNECTION_STRING: one is required with STORAGE=azure-blob.*managed identity.*Azurite/)]);
  });

  it('refuses both the account URL and a connection string', () => {
    expect(problemsOf({ STORAGE: 'azure-blob', AZURE_STORAGE_ACCOUNT_URL: 'https://contosomigration.blob.core.windows.net', AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }))
      .toEqual([expect.stringMatching(/^AZURE_STORAGE_ACCOUNT_URL, AZURE_STORAGE_CONNECTION_STRING: set one, not both/)]);
  });

  it('takes AZURE_CLIENT_ID (read by the Azure credential) only as a GUID', () => {
    expect(() => loadConfig({ AZURE_CLIENT_ID: '77777777-7777-4777-8777-777777777777' })).not.toThrow();
    expect(problemsOf({ AZURE_CLIENT_ID: 'my-identity' })[0]).toMatch(/^AZURE_CLIENT_ID: must be a GUID/);
  });

  it('checks ports, the sandbox URL and the log level', () => {
    expect(problemsOf({ PORT: '70000' })[0]).toMatch(/^PORT: must be a port number/);
    expect(problemsOf({ SANDBOX_PORT: 'abc' })[0]).toMatch(/^SANDBOX_PORT: must be a port number/);
    expect(problemsOf({ SANDBOX_URL: 'not a url' })[0]).toMatch(/^SANDBOX_URL: must be a URL/);
    expect(problemsOf({ LOG_LEVEL: 'loud' })[0]).toMatch(/^LOG_LEVEL: must be one of/);
    const config = loadConfig({ SANDBOX_PORT: '4000', SANDBOX_URL: 'http://127.0.0.1:4000', LOG_LEVEL: 'warn' });
    expect([config.sandboxPort, config.sandboxUrl, config.logLevel]).toEqual([4000, 'http://127.0.0.1:4000', 'warn']);
    expect(loadConfig({ ANSWER_WITHIN_MS: '2500' }).answerWithinMs).toBe(2500);
    expect(problemsOf({ ANSWER_WITHIN_MS: '20000' })[0]).toMatch(/^ANSWER_WITHIN_MS: must be at most 10000/);
  });

  it('turns telemetry on with an Application Insights connection string only, and says what one looks like', () => {
    expect(loadConfig({}).telemetry).toBeUndefined();
    const connectionString = 'InstrumentationKey=0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;ApplicationId=5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
    expect(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString }).telemetry).toEqual({ connectionString });
    expect(problemsOf({ APPLICATIONINSIGHTS_CONNECTION_STRING: '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d' })[0])
      .toMatch(/^APPLICATIONINSIGHTS_CONNECTION_STRING: must be the Application Insights connection string .*e\.g\. InstrumentationKey=/);
  });

  it('passes the SANDBOX_* knobs to the in-process simulated tenants and checks them', () => {
    const config = loadConfig({ SANDBOX_USERS: '40', SANDBOX_EXTRA_REDIRECTS: '5', SANDBOX_LATENCY_MS: '3', SANDBOX_THROTTLE_RATE: '0.1', SANDBOX_GRAPH_LATENCY_MS: '7' });
    expect(config.sandboxOptions).toEqual({
      users: 40, extraRedirectSites: 5,
      // A rehearsal moves sites and group sites too unless told otherwise (SANDBOX_SITES, SANDBOX_GROUP_SITES).
      sites: 6, groupSites: 3,
      faults: {
        latencyMs: 3, graphLatencyMs: 7, throttleRate: 0.1,
        // On by default: the simulated Graph pushes back as a real one would (the figure is the sandbox's own).
        graphMigrationBudget: { requestsPerWindow: 4000, windowMs: 10_000 },
      },
    });
    expect(problemsOf({ SANDBOX_RESET_RATE: '1.5' })[0]).toMatch(/^SANDBOX_RESET_RATE: must be a number from 0 to 1/);
    expect(loadConfig({ SANDBOX_GRAPH_BUDGET: '0' }).sandboxOptions.faults?.graphMigrationBudget).toBeUndefined();
    expect(loadConfig({ SANDBOX_GRAPH_BUDGET: '50' }).sandboxOptions.faults?.graphMigrationBudget).toEqual({ requestsPerWindow: 50, windowMs: 10_000 });
    expect(problemsOf({ SANDBOX_USERS: 'many' })[0]).toMatch(/^SANDBOX_USERS: must be a number/);
    expect(loadConfig({ SANDBOX_SITES: '0', SANDBOX_GROUP_SITES: '2' }).sandboxOptions).toMatchObject({ sites: 0, groupSites: 2 });
  });

  it('reports every problem at once, in one message', () => {
    let message = '';
    try { loadConfig({ PORT: 'x', LOG_LEVEL: 'loud', TEAMS_APP_ID: 'app' }); } catch (err) { message = (err as Error).message; }
    expect(message.split('\n')).toEqual([
      'Configuration problems:',
      expect.stringMatching(/^- TEAMS_APP_ID: must be a GUID/),
      expect.stringMatching(/^- PORT: must be a port number/),
      expect.stringMatching(/^- LOG_LEVEL: must be one of/),
    ]);
  });

  it('keeps given ADMIN_IDS in sandbox mode and says the approver still defaulted', () => {
    const config = loadConfig({ ADMIN_IDS: LIVE.ADMIN_IDS });
    expect(config.adminIds).toEqual([LIVE.ADMIN_IDS]);
    expect(config.approverIds).toEqual([SANDBOX_PEOPLE.approver.aadObjectId]);
    expect(config.sandboxPeopleDefaulted).toBe(true);
  });

  describe('tenant certificates from Key Vault', () => {
    const { SOURCE_CERT_PATH, TARGET_CERT_PATH, ...noFiles } = LIVE;
    const VAULT = 'https://pmb-certs.vault.azure.net/';

    it('runs live with KEY_VAULT_URL in place of both *_CERT_PATH files, under the default or given names', () => {
      const config = loadConfig({ ...noFiles, KEY_VAULT_URL: VAULT, AZURE_CLIENT_ID: '77777777-7777-4777-8777-777777777777' });
      expect(config.mode).toBe('live');
      expect(config.tenants?.source).toEqual({ adminUrl: LIVE.SOURCE_ADMIN_URL, tenantId: LIVE.SOURCE_TENANT_ID, clientId: LIVE.SOURCE_CLIENT_ID });
      expect(config.keyVault).toEqual({ url: 'https://pmb-certs.vault.azure.net', certificateNames: { source: 'source-tenant-app', target: 'target-tenant-app' } });
      const named = loadConfig({ ...noFiles, KEY_VAULT_URL: VAULT, SOURCE_CERT_NAME: 'contoso-app', TARGET_CERT_NAME: 'fabrikam-app' });
      expect(named.keyVault?.certificateNames).toEqual({ source: 'contoso-app', target: 'fabrikam-app' });
    });

    it('with KEY_VAULT_URL alone stays on the simulated tenants, reading their vault', () => {
      const config = loadConfig({ KEY_VAULT_URL: VAULT });
      expect(config.mode).toBe('sandbox');
      expect(config.keyVault?.url).toBe('https://pmb-certs.vault.azure.net');
    });

    it('names *_CERT_PATH or KEY_VAULT_URL when a side has no certificate', () => {
      expect(problemsOf(noFiles)[0]).toMatch(/^SOURCE_CERT_PATH, TARGET_CERT_PATH: missing\. .*KEY_VAULT_URL/);
    });

    it('refuses a certificate from two places, a vault URL that is not https, a bad name and a client id that is not a GUID', () => {
      expect(problemsOf({ ...LIVE, KEY_VAULT_URL: VAULT })).toEqual([expect.stringMatching(/^SOURCE_CERT_PATH, TARGET_CERT_PATH: with KEY_VAULT_URL set the certificates come from the vault/)]);
      const problems = problemsOf({ ...noFiles, KEY_VAULT_URL: 'http://pmb-certs.vault.azure.net', SOURCE_CERT_NAME: 'contoso app.pfx', AZURE_CLIENT_ID: 'web-app' });
      expect(problems).toEqual(expect.arrayContaining([
        expect.stringMatching(/^KEY_VAULT_URL: must be an https URL/),
        expect.stringMatching(/^SOURCE_CERT_NAME: must be a Key Vault certificate name/),
        expect.stringMatching(/^AZURE_CLIENT_ID: must be a GUID/),
      ]));
    });
  });
});
