// With KEY_VAULT_URL: which identity the bot reaches Key Vault as, and whether the vault answers it and
// lets it read secrets. The certificates themselves are the tenant certificate items (certificateCheck.ts);
// the reads are shared, so the vault is asked once per certificate.
import type { CheckItem, SetupCheckDeps, TenantCheckSettings, VaultIdentity } from './types.js';

type VaultDeps = Pick<SetupCheckDeps, 'vaultIdentity' | 'readVaultCertificate'>;

export async function checkKeyVault(keyVault: { url: string }, tenants: TenantCheckSettings[], deps: VaultDeps): Promise<CheckItem[]> {
  const host = new URL(keyVault.url).host;
  const identity = await identityItem(deps);
  const named = tenants.flatMap((t) => (t.certificate.kind === 'vault' ? [t.certificate] : []));
  if (!deps.readVaultCertificate || named.length === 0) return [identity.item];
  const reads = await Promise.all(named.map((c) => deps.readVaultCertificate!(c.name, c.setting)));
  const title = `Key Vault ${host}`;
  // Key Vault checks the caller's role before it looks for the secret: a 404 means the identity may read.
  const blocking = reads.find((r) => !r.ok && (r.failure === 'denied' || r.failure === 'unreachable' || r.failure === 'identity'));
  if (!blocking || blocking.ok) {
    const read = reads.filter((r) => r.ok).length;
    return [identity.item, { id: 'keyVault.access', title, ok: true, detail: `reachable, and the identity may read its secrets (${read} of ${reads.length} certificates read)` }];
  }
  const who = identity.who?.objectId ? `the managed identity (object id ${identity.who.objectId})` : 'the managed identity';
  const vault = blocking.failure === 'denied'
    ? { detail: 'answers, but refuses the identity (403): it holds no role that reads secrets', fix: `Grant "Key Vault Secrets User" on the vault to ${who}: az role assignment create --role "Key Vault Secrets User" --assignee-object-id <object id> --assignee-principal-type ServicePrincipal --scope <the vault's resource id>. The template does this (infra/azuredeploy.json).` }
    : blocking.failure === 'identity' ? { detail: 'not read: no token for the vault', fix: blocking.message } : { detail: 'cannot be reached', fix: blocking.message };
  return [identity.item, { id: 'keyVault.access', title, ok: false, ...vault }];
}

async function identityItem(deps: VaultDeps): Promise<{ item: CheckItem; who?: VaultIdentity }> {
  const title = 'Managed identity (Key Vault)';
  if (!deps.vaultIdentity) return { item: { id: 'keyVault.identity', title, ok: 'warn', detail: 'not checked here' } };
  try {
    const who = await deps.vaultIdentity();
    return { who, item: { id: 'keyVault.identity', title, ok: true, detail: `a token for Key Vault, issued to app ${who.appId ?? '?'} (object id ${who.objectId ?? '?'}) in tenant ${who.tenantId ?? '?'}` } };
  } catch (err) {
    return { item: { id: 'keyVault.identity', title, ok: false, detail: `no token for Key Vault: ${(err as Error).message.split('\n')[0].slice(0, 300)}`,
      fix: 'In Azure, attach the user-assigned managed identity to the web app and set AZURE_CLIENT_ID to its client id (the template does both); elsewhere, sign in with az login.' } };
  }
}
