// Where the bot keeps its state: the file store (one instance) or the Azure Blob container several
// instances share. The container is only read (its properties), so the check changes nothing; a missing
// container is a warning, since the bot creates it at its first start.
import type { CheckItem, SetupCheckDeps, SetupCheckInput } from './types.js';

export async function checkStorage(input: SetupCheckInput, deps: SetupCheckDeps): Promise<CheckItem | undefined> {
  const storage = input.storage;
  if (!storage) return undefined;
  if (storage.kind === 'file') {
    return { id: 'storage', title: 'Storage', ok: true, detail: `file store in ${storage.dir} (one instance; several instances need STORAGE=azure-blob)` };
  }
  const title = `Storage: Azure Blob container ${storage.container}`;
  if (!deps.probeStorage) return { id: 'storage', title, ok: 'warn', detail: 'not checked here' };
  const probe = await deps.probeStorage();
  const identity = storage.identity;
  const how = identity ? `as ${identity} (no key)` : 'with the connection string given';
  if (probe.state === 'ok') return { id: 'storage', title, ok: true, detail: `reachable ${how}` };
  if (probe.state === 'missing') {
    return { id: 'storage', title, ok: 'warn', detail: `the account answers ${how}, but the container does not exist yet`, fix: `Nothing to do if ${identity ? 'the identity' : 'the connection string'} may create it: the bot creates it at its first start. Otherwise create it, or set AZURE_STORAGE_CONTAINER to an existing one.` };
  }
  return { id: 'storage', title, ok: false, detail: `cannot be read ${how} (${probe.reason})`, fix: identity ? keylessFix(identity, probe) : keyFix(probe) };
}

function keyFix(probe: { status?: number }): string {
  return probe.status === 403
    ? 'The account refused the key: copy AZURE_STORAGE_CONNECTION_STRING again from the storage account\'s Access keys (keys change when rotated). An account with shared key access off (as the template makes it) takes no key: set AZURE_STORAGE_ACCOUNT_URL instead.'
    : 'Check AZURE_STORAGE_CONNECTION_STRING (the account name and endpoint) and that this machine can reach the storage account (firewall, private endpoint).';
}

function keylessFix(identity: string, probe: { status?: number; code?: string }): string {
  // Azure Storage's answer when a valid token's identity holds no data role on the account.
  if (probe.status === 403 && probe.code === 'AuthorizationPermissionMismatch') {
    return `Grant ${identity} the role Storage Blob Data Contributor on the storage account (the template does; by hand: az role assignment create --role "Storage Blob Data Contributor" --assignee <client id> --scope <storage account id>). A new role assignment takes a few minutes to apply.`;
  }
  // Its answer when the account's network rules turn the caller away whatever the token, and by some accounts'
  // reports also when the identity holds no role on the account at all.
  if (probe.status === 403 && probe.code === 'AuthorizationFailure') {
    return `The storage account refused this machine: check its network rules (Networking) let the web app in (its outbound addresses, its virtual network or a private endpoint); if they do, grant ${identity} Storage Blob Data Contributor on the account.`;
  }
  if (probe.status === 401 || probe.status === 403) {
    return 'The account refused the token: check that AZURE_STORAGE_ACCOUNT_URL names this account\'s blob endpoint and that the identity belongs to the account\'s Entra tenant.';
  }
  if (probe.status === undefined && /Credential|Authentication/.test(probe.code ?? '')) {
    return 'No Azure identity signed in: in Azure attach the user-assigned managed identity to the web app and set AZURE_CLIENT_ID to its client id; on a workstation sign in with az login; with Azurite use AZURE_STORAGE_CONNECTION_STRING instead.';
  }
  return 'Check AZURE_STORAGE_ACCOUNT_URL (https://<account>.blob.core.windows.net) and that this machine can reach the storage account (firewall, private endpoint).';
}
