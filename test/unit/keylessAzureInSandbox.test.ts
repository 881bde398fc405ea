// In sandbox mode the Azure credential is pointed at the simulated managed identity only when something is
// reached with it (the store by AZURE_STORAGE_ACCOUNT_URL), and never over an identity endpoint already set.
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../bot/config.js';
import { keylessAzureInSandbox } from '../../bot/tenantSetup.js';

const identity = {
  endpoint: 'http://127.0.0.1:4000/msi/token', header: 'sandbox-header', clientId: '88888888-8888-4888-8888-888888888888',
  principalId: '99999999-9999-4999-8999-999999999999', tenantId: '33333333-3333-4333-8333-333333333333',
};
const keyless = loadConfig({ STORAGE: 'azure-blob', AZURE_STORAGE_ACCOUNT_URL: 'https://contosomigration.blob.core.windows.net' });

describe('keylessAzureInSandbox', () => {
  it('points the credential at the simulated identity when the store is reached by its account URL', () => {
    const env: NodeJS.ProcessEnv = {};
    keylessAzureInSandbox(keyless, { managedIdentity: identity }, env);
    expect(env).toEqual({ IDENTITY_ENDPOINT: identity.endpoint, IDENTITY_HEADER: identity.header, AZURE_CLIENT_ID: identity.clientId });
  });

  it('leaves the environment alone with the file store or a connection string', () => {
    for (const config of [loadConfig({}), loadConfig({ STORAGE: 'azure-blob', AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' })]) {
      const env: NodeJS.ProcessEnv = {};
      keylessAzureInSandbox(config, { managedIdentity: identity }, env);
      expect(env).toEqual({});
    }
  });

  it('keeps an identity endpoint set before (a test or a child process pointed it elsewhere)', () => {
    const env: NodeJS.ProcessEnv = { IDENTITY_ENDPOINT: 'http://127.0.0.1:5000/msi/token', IDENTITY_HEADER: 'other', AZURE_CLIENT_ID: '77777777-7777-4777-8777-777777777777' };
    const before = { ...env };
    keylessAzureInSandbox(keyless, { managedIdentity: identity }, env);
    expect(env).toEqual(before);
  });
});
