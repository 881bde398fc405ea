// Joining a shared sandbox (SANDBOX_URL): several bot instances, one pair of simulated tenants. The
// standalone sandbox (`npm run sandbox`) publishes on its loopback control route what each bot needs;
// the tenant clients then reach it exactly as they reach an in-process one (its URL is the transport's).
import { ConfigError } from '../errors.js';
import { REHEARSAL_PATH_PREFIX } from './routes/rehearsal.js';
import type { SandboxConnection, SandboxInboxEntry, SandboxMail, SandboxRehearsal } from './types.js';

const TIMEOUT_MS = 5_000;

export async function joinSandbox(sandboxUrl: string): Promise<SandboxConnection> {
  const url = sandboxUrl.replace(/\/+$/, '');
  const described = await getJson<SandboxRehearsal>(`${url}${REHEARSAL_PATH_PREFIX}rehearsal`, url);
  return {
    url,
    source: described.source,
    target: described.target,
    hosts: described.hosts,
    licenceExpiry: described.licenceExpiry,
    connectorServiceUrl: `${url}${described.connectorPath}`,
    managedIdentity: { ...described.managedIdentity, endpoint: `${url}${described.managedIdentity.path}` },
    keyVault: described.keyVault,
    identityMapCsv: () => described.identityMapCsv,
    siteMapCsv: () => described.siteMapCsv,
    inbox: (who) => getJson<SandboxInboxEntry[]>(`${url}${REHEARSAL_PATH_PREFIX}inbox?who=${encodeURIComponent(who)}`, url),
    mail: (who) => getJson<SandboxMail[]>(`${url}${REHEARSAL_PATH_PREFIX}mail?who=${encodeURIComponent(who)}`, url),
    // The sandbox belongs to whoever started it: other instances still use it.
    close: async () => {},
  };
}

async function getJson<T>(address: string, sandboxUrl: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(address, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new ConfigError(`SANDBOX_URL: no sandbox answers at ${sandboxUrl} (${cause}). Start one with npm run sandbox and point SANDBOX_URL at the address it prints.`);
  }
  if (!res.ok) {
    throw new ConfigError(`SANDBOX_URL: ${sandboxUrl} answered HTTP ${res.status} to ${new URL(address).pathname}: is it a sandbox of this version (npm run sandbox)?`);
  }
  return await res.json() as T;
}
