// The whole setup check: settings, then per tenant certificate → tokens and permissions → admin and
// host URLs → cross-tenant feature, then the bot's own credentials and Teams app id. Reads only: every
// call is a token request, a GET or a read-only CSOM method, so running it changes nothing.
import type { TenantSide } from '../tenants/types.js';
import { checkAccess } from './accessCheck.js';
import { checkBotCredentials, checkTeamsAppId } from './botCheck.js';
import { checkCertificate } from './certificateCheck.js';
import { checkFeature, checkHosts } from './reachabilityCheck.js';
import { checkKeyVault } from './keyVaultCheck.js';
import { checkRoleGroups } from './roleGroupCheck.js';
import { checkSettings } from './settingsCheck.js';
import { checkStorage } from './storageCheck.js';
import type { CheckClient, CheckItem, CheckReport, SetupCheckDeps, SetupCheckInput, TenantCheckSettings } from './types.js';

export type { CheckItem, CheckReport, CheckStatus, SetupCheckDeps, SetupCheckInput } from './types.js';

const SIDES: readonly TenantSide[] = ['source', 'target'];

interface TenantOutcome { items: CheckItem[]; client?: CheckClient; hostUrl?: string }

export async function runSetupCheck(input: SetupCheckInput, given: SetupCheckDeps): Promise<CheckReport> {
  const items = checkSettings(input);
  const tenants = input.tenants;
  const deps = onceEachVaultRead(given);
  if (tenants && input.keyVault) items.push(...await checkKeyVault(input.keyVault, SIDES.map((s) => tenants[s]), deps));
  if (tenants) {
    // The tenants are independent until the feature check, which needs the partner's host URL.
    const outcomes = await Promise.all(SIDES.map((side) => checkTenant(tenants[side], deps)));
    const features = await Promise.all(SIDES.map((side, i) => {
      const own = outcomes[i];
      return own.client ? checkFeature(tenants[side], own.client, outcomes[1 - i].hostUrl) : undefined;
    }));
    SIDES.forEach((_side, i) => items.push(...outcomes[i].items, ...(features[i] ? [features[i]] : [])));
    const target = outcomes[SIDES.indexOf('target')].client;
    if (target && input.roleGroups?.length) items.push(...await checkRoleGroups(input.roleGroups, target));
  } else {
    items.push({ id: 'tenants', title: 'Tenants', ok: 'warn', detail: 'not checked: the settings above must be fixed first', fix: 'Fix the settings, then run this check again.' });
  }
  items.push(await checkBotCredentials(input, deps), checkTeamsAppId(input));
  const storage = await checkStorage(input, deps);
  if (storage) items.push(storage);
  return { mode: input.mode, items };
}

async function checkTenant(t: TenantCheckSettings, deps: SetupCheckDeps): Promise<TenantOutcome> {
  const cert = await checkCertificate(t, deps);
  if (!cert.pems) return { items: cert.items };
  let client: CheckClient;
  try {
    client = deps.clientFor(t, cert.pems);
  } catch (err) {
    // msal refuses a key it cannot use when the client is made; the certificate items already say why.
    return { items: [...cert.items, { id: `${t.side}.client`, title: `${t.label}: tenant client`, ok: false, detail: (err as Error).message.split('\n')[0], fix: 'Fix the certificate items above.' }] };
  }
  const access = await checkAccess(t, client);
  if (!access.items.some((i) => i.id === `${t.side}.sharepoint.token` && i.ok === true)) {
    const skipped: CheckItem = { id: `${t.side}.adminUrl`, title: `${t.label}: admin URL ${t.adminUrl}`, ok: 'warn', detail: 'not checked: no SharePoint token', fix: 'Fix the SharePoint token item first.' };
    return { items: [...cert.items, ...access.items, skipped] };
  }
  const hosts = await checkHosts(t, client);
  return { items: [...cert.items, ...access.items, ...hosts.items], client, hostUrl: hosts.hostUrl };
}

/** The vault item and the certificate items look at the same reads: ask the vault once per certificate. */
function onceEachVaultRead(deps: SetupCheckDeps): SetupCheckDeps {
  const read = deps.readVaultCertificate;
  if (!read) return deps;
  const reads = new Map<string, ReturnType<typeof read>>();
  return { ...deps, readVaultCertificate: (name, setting) => reads.get(name) ?? reads.set(name, read(name, setting)).get(name)! };
}

/** Any failed item fails the check; warnings do not. */
export function reportPassed(report: CheckReport): boolean {
  return report.items.every((i) => i.ok !== false);
}
