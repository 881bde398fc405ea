// infra/azuredeploy.json is checked here, since no Bicep or ARM validator runs on these machines: each
// resource against the Azure type definitions vendored in infra/types, its settings against what the bot
// reads, its role assignments against the built-in role ids, and its outputs and settings for secrets.
import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../bot/config.js';
import { keysTheCodeReads, projectRoot } from '../helpers/settingsTheCodeReads.js';
import { checkResource, loadResourceTypes } from './armTypeCheck.js';

type Json = Record<string, unknown>;
interface Resource extends Json { type: string; apiVersion: string; name: string; properties?: Json }
interface Template { parameters: Record<string, { type: string; defaultValue?: unknown }>; resources: Resource[]; outputs: Record<string, { type: string; value: unknown }> }

const read = (path: string) => readFileSync(join(projectRoot, path), 'utf8');
const template = JSON.parse(read('infra/azuredeploy.json')) as Template;
const exampleParameters = (JSON.parse(read('infra/parameters.example.json')) as { parameters: Record<string, { value: unknown }> }).parameters;
const types = loadResourceTypes(join(projectRoot, 'infra', 'types'));
const resourcesOf = (t: Template, type: string) => t.resources.filter((r) => r.type === type);
const oneOf = (t: Template, type: string) => { const [r] = resourcesOf(t, type); return r; };
const site = oneOf(template, 'Microsoft.Web/sites');
const siteConfig = (site.properties as { siteConfig: { appSettings: { name: string; value: string }[] } & Json }).siteConfig;
const settings = siteConfig.appSettings;
/** The template expression a web-app setting is given. */
const value = (name: string) => settings.find((s) => s.name === name)?.value;

// Built-in Azure role definition ids (the same in every tenant), from Microsoft's built-in roles lists:
// Storage Blob Data Contributor ba92f5b4-2d11-453d-a403-e96b0029c9fe, on a storage account;
// Key Vault Secrets User 4633458b-17de-408a-b874-0445c86b69e6, on an RBAC-mode key vault;
// Monitoring Metrics Publisher 3913510d-42f4-4e42-8a64-420c390055eb, on Application Insights for Entra-authenticated
// ingestion (learn.microsoft.com/azure/azure-monitor/app/azure-ad-authentication).
const BUILT_IN_ROLES: Record<string, { name: string; on: string }> = {
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe': { name: 'Storage Blob Data Contributor', on: 'Microsoft.Storage/storageAccounts' },
  '4633458b-17de-408a-b874-0445c86b69e6': { name: 'Key Vault Secrets User', on: 'Microsoft.KeyVault/vaults' },
  '3913510d-42f4-4e42-8a64-420c390055eb': { name: 'Monitoring Metrics Publisher', on: 'Microsoft.Insights/components' },
};

/**
 * The one connection string allowed in settings: Application Insights'. Microsoft: "Ikey unique identifiers
 * aren't security tokens or security keys, and aren't considered secrets"
 * (learn.microsoft.com/azure/azure-monitor/app/connection-strings). And with DisableLocalAuth the key alone
 * is refused: ingestion takes the identity's Entra token. Allowed by name and exact value, nothing looser.
 */
const TELEMETRY_SETTING = {
  name: 'APPLICATIONINSIGHTS_CONNECTION_STRING',
  value: "[reference(resourceId('Microsoft.Insights/components', variables('insightsName')), '2020-02-02').ConnectionString]",
};
const isTelemetrySetting = (s: { name: string; value: string }) => s.name === TELEMETRY_SETTING.name && s.value === TELEMETRY_SETTING.value;

describe('infra/azuredeploy.json against the Azure resource types', () => {
  it('creates exactly the resources the deployment needs', () => {
    expect(template.resources.map((r) => r.type).sort()).toEqual([
      'Microsoft.Authorization/roleAssignments', 'Microsoft.Authorization/roleAssignments', 'Microsoft.Authorization/roleAssignments',
      'Microsoft.BotService/botServices', 'Microsoft.BotService/botServices/channels',
      'Microsoft.Insights/components', 'Microsoft.KeyVault/vaults', 'Microsoft.ManagedIdentity/userAssignedIdentities',
      'Microsoft.OperationalInsights/workspaces', 'Microsoft.Storage/storageAccounts',
      'Microsoft.Storage/storageAccounts/blobServices/containers', 'Microsoft.Web/serverfarms', 'Microsoft.Web/sites',
    ]);
  });

  it.each(template.resources.map((r) => [`${r.type}@${r.apiVersion}`, r] as const))('%s: type and API version exist, every property is defined, required ones set, enum values allowed', (_key, resource) => {
    expect(checkResource(resource, types)).toEqual([]);
  });

  it('refuses a copy of the template with one wrong property, enum value, missing required or read-only property', () => {
    const wrong = (edit: (t: Template) => void) => {
      const copy = structuredClone(template);
      edit(copy);
      return copy.resources.flatMap((r) => checkResource(r, types));
    };
    expect(wrong((t) => { (oneOf(t, 'Microsoft.Web/sites').properties as Json).httpsOnlyy = true; }))
      .toEqual(['Microsoft.Web/sites@2024-04-01.properties.httpsOnlyy: is not a property of SiteProperties']);
    expect(wrong((t) => { (oneOf(t, 'Microsoft.Storage/storageAccounts/blobServices/containers').properties as Json).publicAccess = 'Public'; }))
      .toEqual(['Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01.properties.publicAccess: "Public" is not one of "Container", "Blob", "None"']);
    expect(wrong((t) => { delete ((oneOf(t, 'Microsoft.BotService/botServices/channels').properties as Json).properties as Json).isEnabled; }))
      .toEqual(['Microsoft.BotService/botServices/channels@2022-09-15.properties.properties.isEnabled: is required by MsTeamsChannelProperties']);
    expect(wrong((t) => { (oneOf(t, 'Microsoft.KeyVault/vaults').properties as Json).hsmPoolResourceId = 'x'; }))
      .toEqual(['Microsoft.KeyVault/vaults@2023-07-01.properties.hsmPoolResourceId: is read-only in VaultProperties']);
    expect(wrong((t) => { oneOf(t, 'Microsoft.Web/sites').apiVersion = '2024-05-01'; })).toEqual(['Microsoft.Web/sites@2024-05-01: no such resource type and API version in infra/types']);
  });

  it('vendors exactly the resource types the template deploys', () => {
    expect(types.names().sort()).toEqual([...new Set(template.resources.map((r) => `${r.type}@${r.apiVersion}`))].sort());
  });

  it('names the source path of every vendored file, and the commit they come from', () => {
    const readme = read('infra/types/README.md');
    expect(readme).toMatch(/Source commit: `[0-9a-f]{40}`/);
    for (const file of readdirSync(join(projectRoot, 'infra', 'types')).filter((f) => f.endsWith('.json'))) {
      const [provider, namespace, version] = file.replace(/\.json$/, '').split('_');
      expect(readme).toContain(`| \`${file}\` | \`generated/${provider}/${namespace}/${version}/types.json\` |`);
    }
  });
});

describe('what the template deploys', () => {
  it('a Linux web app on Node 22, HTTPS only, always on, health-checked on the bot\'s health route, with the identity attached', () => {
    const healthRoute = /server\.get\('([^']+)'/.exec(read('bot/server.ts'))?.[1];
    expect(siteConfig).toMatchObject({ linuxFxVersion: 'NODE|22-lts', alwaysOn: true, healthCheckPath: healthRoute });
    expect(site.properties).toMatchObject({ httpsOnly: true });
    const identity = site.identity as { type: string; userAssignedIdentities: Json };
    expect(identity.type).toBe('UserAssigned');
    expect(Object.keys(identity.userAssignedIdentities)).toEqual(["[variables('identityId')]"]);
  });

  it('an Azure Bot signed in by the managed identity, its endpoint on the web app, with the Teams channel', () => {
    const bot = oneOf(template, 'Microsoft.BotService/botServices');
    expect(bot.properties).toMatchObject({ msaAppType: 'UserAssignedMSI', msaAppMSIResourceId: "[variables('identityId')]" });
    expect(String(bot.properties!.msaAppId)).toContain("reference(variables('identityId')");
    expect(String(bot.properties!.endpoint)).toMatch(/^\[format\('https:\/\/\{0\}\/api\/messages', reference\(resourceId\('Microsoft\.Web\/sites'/);
    expect(oneOf(template, 'Microsoft.BotService/botServices/channels').properties).toMatchObject({ channelName: 'MsTeamsChannel', properties: { isEnabled: true } });
  });

  it('storage reachable by Entra token only, and a key vault in RBAC mode', () => {
    expect(oneOf(template, 'Microsoft.Storage/storageAccounts').properties).toMatchObject({ allowSharedKeyAccess: false, allowBlobPublicAccess: false });
    expect(oneOf(template, 'Microsoft.KeyVault/vaults').properties).toMatchObject({ enableRbacAuthorization: true });
  });

  it('grants the identity the built-in roles its comments name, each on the resource that role is for', () => {
    const grants = resourcesOf(template, 'Microsoft.Authorization/roleAssignments').map((r) => {
      const props = r.properties as { roleDefinitionId: string; principalId: string };
      const id = /'([0-9a-f-]{36})'\)\]$/.exec(props.roleDefinitionId)?.[1] ?? '';
      return { id, comment: r.comments, scope: /(Microsoft\.\w+\/\w+)\//.exec(String(r.scope))?.[1], principal: props.principalId };
    });
    expect(grants.map((g) => g.id).sort()).toEqual(Object.keys(BUILT_IN_ROLES).sort());
    for (const g of grants) {
      expect(String(g.comment)).toContain(BUILT_IN_ROLES[g.id].name);
      expect(g.scope).toBe(BUILT_IN_ROLES[g.id].on);
      expect(g.principal).toBe("[reference(variables('identityId'), '2024-11-30').principalId]");
    }
  });
});

describe('the web app\'s settings', () => {
  it('are all settings the bot reads', () => {
    const known = keysTheCodeReads();
    expect(settings.map((s) => s.name).filter((n) => !known.has(n))).toEqual([]);
  });

  it('name each setting once (App Service keeps one value per name: a second entry would hide or fail)', () => {
    const names = settings.map((s) => s.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('start the bot against real tenants: with the example parameters the configuration loads in live mode', () => {
    // Values only known at deployment stand in: the storage account's blob endpoint as Azure gives it (with a
    // trailing slash), the Application Insights connection string as the portal shows one, the rest (the
    // identity's client id, the tenant) as a GUID.
    const blobEndpoint = 'https://pmbotabc123.blob.core.windows.net/';
    const connectionString = 'InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/';
    const resolve = (value: string) => {
      const param = /^\[parameters\('(\w+)'\)\]$/.exec(value)?.[1];
      if (param) return String(exampleParameters[param]?.value ?? template.parameters[param].defaultValue);
      if (value.endsWith('.primaryEndpoints.blob]')) return blobEndpoint;
      if (value === TELEMETRY_SETTING.value) return connectionString;
      // The vault's URI as Azure reports it (vaultUri ends in a slash).
      if (value.includes('.vaultUri]')) return 'https://pmbot-kv-x1.vault.azure.net/';
      return value.startsWith('[') ? '00000000-0000-0000-0000-000000000001' : value;
    };
    const env = Object.fromEntries(settings.map((s) => [s.name, resolve(s.value)]));
    expect(loadConfig(env)).toMatchObject({
      mode: 'live', authEnabled: true, storage: { kind: 'azure-blob', accountUrl: blobEndpoint, container: template.parameters.storageContainer.defaultValue },
      telemetry: { connectionString },
    });
  });

  it('reach the shared store with the web app\'s identity: its blob endpoint and container, and the identity named for the credential', () => {
    expect(value('STORAGE')).toBe('azure-blob');
    expect(value('AZURE_STORAGE_ACCOUNT_URL')).toBe("[reference(resourceId('Microsoft.Storage/storageAccounts', variables('storageName')), '2023-05-01').primaryEndpoints.blob]");
    expect(value('AZURE_STORAGE_CONTAINER')).toBe("[parameters('storageContainer')]");
    expect(value('AZURE_CLIENT_ID')).toBe("[reference(variables('identityId'), '2024-11-30').clientId]");
    expect(settings.map((s) => s.name)).not.toContain('AZURE_STORAGE_CONNECTION_STRING');
  });

  it('take the tenant apps\' certificates from the template\'s Key Vault, through the identity, with no certificate file', () => {
    expect(value('KEY_VAULT_URL')).toBe("[reference(resourceId('Microsoft.KeyVault/vaults', variables('vaultName')), '2023-07-01').vaultUri]");
    expect(value('AZURE_CLIENT_ID')).toBe("[reference(variables('identityId'), '2024-11-30').clientId]");
    expect(value('SOURCE_CERT_NAME')).toBe("[parameters('sourceCertName')]");
    expect(value('TARGET_CERT_NAME')).toBe("[parameters('targetCertName')]");
    expect(settings.filter((s) => /CERT_PATH$/.test(s.name))).toEqual([]);
    expect(site.dependsOn).toContain("[resourceId('Microsoft.KeyVault/vaults', variables('vaultName'))]");
  });

  it('hold no key, secret or connection string, and neither do the outputs', () => {
    // Names compared without case, underscores or dashes: AZURE_STORAGE_CONNECTION_STRING, appPassword…
    const secretName = /password|secret|connectionstring|accountkey|instrumentationkey|privatekey|token|sas/;
    // list*() functions (listKeys, listSecrets…) return credentials; the rest are the shapes credentials take.
    const secretValue = /\blist\w*\(|connectionstring|defaultendpointsprotocol|accountkey|instrumentationkey|sharedaccesssignature|primarykey|password|secret|sig=/i;
    const outputs = Object.entries(template.outputs).map(([name, o]) => ({ name, value: JSON.stringify(o.value) }));
    for (const { name, value } of [...settings.filter((s) => !isTelemetrySetting(s)), ...outputs]) {
      expect(name.toLowerCase().replace(/[^a-z]/g, '')).not.toMatch(secretName);
      expect(`${name}: ${value}`).not.toMatch(secretValue);
    }
    expect(Object.values(template.parameters).filter((p) => /^secure/i.test(p.type))).toEqual([]);
  });

  it('send telemetry to the template\'s Application Insights, which takes only Entra-signed telemetry', () => {
    expect(settings.filter((s) => s.name === TELEMETRY_SETTING.name)).toEqual([TELEMETRY_SETTING]);
    expect(oneOf(template, 'Microsoft.Insights/components').properties).toMatchObject({ DisableLocalAuth: true });
  });

  it('outputs the bot endpoint, the identity\'s client id and the Teams manifest\'s bot id', () => {
    expect(template.outputs.botEndpoint.value).toBe(oneOf(template, 'Microsoft.BotService/botServices').properties!.endpoint);
    expect(template.outputs.identityClientId.value).toBe("[reference(variables('identityId'), '2024-11-30').clientId]");
    expect((template.outputs.teamsManifest.value as Json).botId).toBe(template.outputs.identityClientId.value);
  });
});

describe('infra/parameters.example.json', () => {
  it('sets every parameter without a default and no parameter the template lacks', () => {
    const required = Object.entries(template.parameters).filter(([, p]) => p.defaultValue === undefined).map(([k]) => k);
    expect(required.filter((k) => !(k in exampleParameters))).toEqual([]);
    expect(Object.keys(exampleParameters).filter((k) => !(k in template.parameters))).toEqual([]);
  });
});
