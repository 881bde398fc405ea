// A token from the tenant for SharePoint and for Graph, and the application permissions each carries.
// Entra's refusal names the setting to fix (tenant id, client id, certificate); the roles come from the
// token's own `roles` claim, read by describeAccess without keeping the token.
import { DomainError, TenantError } from '../errors.js';
import type { AccessResource } from '../tenants/access.js';
import { GROUP_READ_ROLE, missingRoles, ORCHESTRATOR_READ_ROLE, requiredRoles } from './requiredPermissions.js';
import type { CheckClient, CheckItem, TenantCheckSettings } from './types.js';

const SERVICE: Record<AccessResource, string> = { sharepoint: 'SharePoint', graph: 'Microsoft Graph' };

/** Items for both resources, token first, then its permissions (only when the token came back). */
export async function checkAccess(t: TenantCheckSettings, client: CheckClient): Promise<{ items: CheckItem[] }> {
  const items: CheckItem[] = [];
  for (const resource of ['sharepoint', 'graph'] as const) {
    const id = `${t.side}.${resource}`;
    try {
      const access = await client.describeAccess(resource);
      const expires = access.expiresOn ? `, valid until ${access.expiresOn.toISOString()}` : '';
      items.push({ id: `${id}.token`, title: `${t.label}: ${SERVICE[resource]} token`, ok: true, detail: `Entra issued a token for ${access.scope}${expires}` });
      items.push(permissionsItem(t, resource, access.roles));
    } catch (err) {
      items.push({ id: `${id}.token`, title: `${t.label}: ${SERVICE[resource]} token`, ok: false, detail: describe(err), fix: tokenFix(t, err) });
    }
  }
  return { items };
}

function permissionsItem(t: TenantCheckSettings, resource: AccessResource, roles: string[]): CheckItem {
  const id = `${t.side}.${resource}.permissions`;
  const title = `${t.label}: ${SERVICE[resource]} permissions`;
  const needs = { sendsMail: t.mailFrom !== undefined, readsGroups: t.readsGroups === true, readsOrchestrator: t.readsOrchestrator === true };
  const missing = missingRoles(resource, roles, needs);
  if (missing.length === 0) return { id, title, ok: true, detail: `granted: ${requiredRoles(resource, needs).join(', ')}` };
  const api = resource === 'graph' ? 'Microsoft Graph' : 'SharePoint';
  return {
    id, title, ok: false,
    detail: `missing: ${missing.join(', ')} (the token carries ${roles.length ? roles.join(', ') : 'no application permissions'})`,
    fix: `In tenant ${t.tenantId}, app registration ${t.clientId} → API permissions → Add a permission → ${api} → Application permissions: add ${missing.join(', ')}; then "Grant admin consent".`
      + (missing.includes('Mail.Send') ? ` Mail.Send is needed because GUIDANCE_MAIL_FROM (${t.mailFrom}) is set; leave it empty to send no e-mail.` : '')
      + (missing.includes(GROUP_READ_ROLE) ? ` ${GROUP_READ_ROLE} is needed because ADMIN_GROUP_IDS or APPROVER_GROUP_IDS is set, or SITE_MAP_PATH is (a group site's owners are read from its group).` : '')
      + (missing.includes(ORCHESTRATOR_READ_ROLE) ? ` ${ORCHESTRATOR_READ_ROLE} is needed because MIGRATION_SOURCE=orchestrator: people's moves are read from the orchestrator's jobs.` : ''),
  };
}

function describe(err: unknown): string {
  if (err instanceof DomainError) return err.userMessage;
  return `unexpected failure: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
}

/** The setting an Entra refusal points at (AADSTS codes as errorMessages.ts maps them). */
function tokenFix(t: TenantCheckSettings, err: unknown): string {
  const key = t.side.toUpperCase();
  const code = err instanceof TenantError ? err.serviceCode : '';
  if (code === 'AADSTS90002') return `Set ${key}_TENANT_ID to the directory (tenant) id of ${t.label}: Entra admin center → Overview → Tenant ID.`;
  if (code === 'AADSTS700016') return `Set ${key}_CLIENT_ID to the Application (client) id of the app registered in tenant ${t.tenantId}, or grant that app admin consent there.`;
  if (code === 'AADSTS700027' || code === 'invalid_client') {
    const cert = t.certificate.kind === 'file' ? t.certificate.setting : `${key}_CERT_PATH`;
    return `Upload the certificate in ${cert} to app ${t.clientId} (Certificates & secrets) in tenant ${t.tenantId}, or point ${cert} at the one registered there; an expired certificate must be replaced.`;
  }
  if (err instanceof DomainError && err.code === 'unreachable') return 'Check that this machine can reach the Entra authority host (AUTHORITY_HOST; network, proxy, firewall).';
  return `Check ${key}_TENANT_ID, ${key}_CLIENT_ID and ${key}_CERT_PATH against the app registration (docs/deploy.md).`;
}
