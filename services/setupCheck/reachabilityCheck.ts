// Each tenant's admin URL and cross-tenant host URL reachable, and the cross-tenant feature enabled.
// "Reachable" means an HTTP answer came back: a 404 or 403 from the host still proves the network path,
// only a connection that never answers (refused, reset, timed out, DNS) fails it.
import { DomainError, TenantError } from '../errors.js';
import { sameSiteUrl } from '../siteUrl.js';
import type { CheckClient, CheckItem, TenantCheckSettings } from './types.js';

export interface HostOutcome { items: CheckItem[]; hostUrl?: string }

const noAnswer = (err: unknown) => err instanceof DomainError && (err.code === 'unreachable' || err.code === 'throttled');
/** A failed read as one line for a check item: the domain error's own text, else the first line. */
export const failureText = (err: unknown) => (err instanceof DomainError ? err.userMessage : err instanceof Error ? err.message.split('\n')[0] : String(err));

/** Admin URL by CSOM GetMySiteHostUrl (Get-SPOCrossTenantHostUrl), then a GET of the host URL it names. */
export async function checkHosts(t: TenantCheckSettings, client: CheckClient): Promise<HostOutcome> {
  const items: CheckItem[] = [];
  const adminId = `${t.side}.adminUrl`;
  const adminTitle = `${t.label}: admin URL ${t.adminUrl}`;
  let asked: string | undefined;
  try {
    asked = await client.getHostUrl();
    items.push({ id: adminId, title: adminTitle, ok: true, detail: `answered CSOM GetMySiteHostUrl: ${asked}` });
  } catch (err) {
    items.push(noAnswer(err)
      ? { id: adminId, title: adminTitle, ok: false, detail: failureText(err), fix: `Check ${t.side.toUpperCase()}_ADMIN_URL (https://<tenant>-admin.sharepoint.com) and that this machine can reach it (network, proxy, firewall).` }
      : { id: adminId, title: adminTitle, ok: false, detail: `reached, but the call was refused: ${failureText(err)}`, fix: 'See the SharePoint permissions item above: the app needs Sites.FullControl.All with admin consent, and a certificate.' });
  }
  const hostUrl = t.hostUrlOverride ?? asked;
  const hostId = `${t.side}.hostUrl`;
  if (!hostUrl) {
    items.push({ id: hostId, title: `${t.label}: cross-tenant host URL`, ok: 'warn', detail: 'not checked: the host URL is unknown until the admin URL answers', fix: 'Fix the admin URL item first.' });
    return { items };
  }
  if (t.hostUrlOverride && asked && !sameSiteUrl(t.hostUrlOverride, asked)) {
    items.push({ id: `${hostId}.override`, title: `${t.label}: host URL setting`, ok: 'warn', detail: `${t.side.toUpperCase()}_HOST_URL is ${t.hostUrlOverride}, SharePoint says ${asked}`, fix: `Remove ${t.side.toUpperCase()}_HOST_URL or set it to ${asked}.` });
  }
  const hostTitle = `${t.label}: cross-tenant host URL ${hostUrl}`;
  try {
    await client.getSite(hostUrl);
    items.push({ id: hostId, title: hostTitle, ok: true, detail: 'answered a GET' });
  } catch (err) {
    items.push(noAnswer(err)
      ? { id: hostId, title: hostTitle, ok: false, detail: failureText(err), fix: `Check that this machine can reach ${new URL(hostUrl).host} (network, proxy, firewall)${t.hostUrlOverride ? ` and the ${t.side.toUpperCase()}_HOST_URL setting` : ''}.` }
      : { id: hostId, title: hostTitle, ok: true, detail: `answered a GET (${err instanceof TenantError && err.httpStatus ? `HTTP ${err.httpStatus}` : 'with an error'}), so it is reachable` });
  }
  return { items, hostUrl };
}

/**
 * Whether cross-tenant migration is enabled, asked with the read-only CSOM VerifySPOTenantOrgRelation
 * (Verify-SPOCrossTenantRelationship) toward the partner. Choice INFERRED: SharePoint is said to answer
 * the org-relation methods with `FeatureIsNotEnabled` when the add-on is missing (the MnAStatusCode name
 * is public; the refusal is recognised by the words users report, see errorMessages.ts); any other answer
 * means the feature is on.
 */
export async function checkFeature(t: TenantCheckSettings, client: CheckClient, partnerHostUrl: string | undefined): Promise<CheckItem> {
  const id = `${t.side}.crossTenantFeature`;
  const title = `${t.label}: cross-tenant migration feature`;
  if (!partnerHostUrl) return { id, title, ok: 'warn', detail: 'not checked: the partner tenant\'s host URL is unknown', fix: 'Fix the partner tenant\'s host URL item first.' };
  // The source's partner plays Target, and the target's partner plays Source.
  const partnerRole = t.side === 'source' ? 'Target' : 'Source';
  try {
    const trust = await client.getTrust(partnerRole, partnerHostUrl);
    return { id, title, ok: true, detail: `enabled (relationship with ${partnerHostUrl} as ${partnerRole}: ${trust.verification})` };
  } catch (err) {
    if (err instanceof TenantError && err.serviceCode === 'FeatureIsNotEnabled') {
      return { id, title, ok: false, detail: err.userMessage, fix: `License the Cross-Tenant User Data Migration add-on in tenant ${t.tenantId} (Microsoft 365 admin center → Billing), wait for it to apply, then run this check again.` };
    }
    return { id, title, ok: 'warn', detail: `could not tell: ${failureText(err)}`, fix: 'Fix the items above, then run this check again.' };
  }
}
