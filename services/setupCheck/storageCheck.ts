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
  if (probe.state === 'ok') return { id: 'storage', title, ok: true, detail: 'reachable with the connection string given' };
  if (probe.state === 'missing') {
    return { id: 'storage', title, ok: 'warn', detail: 'the account answers, but the container does not exist yet', fix: 'Nothing to do if the connection string may create it: the bot creates it at its first start. Otherwise create it, or set AZURE_STORAGE_CONTAINER to an existing one.' };
  }
  const denied = probe.status === 403;
  return {
    id: 'storage', title, ok: false, detail: `cannot be read (${probe.reason})`,
    fix: denied
      ? 'The account refused the key: copy AZURE_STORAGE_CONNECTION_STRING again from the storage account\'s Access keys (keys change when rotated).'
      : 'Check AZURE_STORAGE_CONNECTION_STRING (the account name and endpoint) and that this machine can reach the storage account (firewall, private endpoint).',
  };
}
