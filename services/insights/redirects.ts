import { InputError } from '../errors.js';
import { normalSiteUrl, sameSiteUrl } from '../siteUrl.js';
import type { IdentityMap } from '../identityMap/identityMap.js';
import { findUser } from '../identityMap/identityMap.js';
import type { SiteMap } from '../identityMap/siteMap.js';
import { siteMoveKeyFrom } from '../knowledge/moveKeys.js';
import type { RedirectSnapshots } from '../knowledge/redirectSnapshots.js';
import type { ListProgress, MoveKind, RedirectSite, TenantSide } from '../tenants/types.js';
import type { TenantPair } from './tenantPair.js';
import { tenantName } from './tenantPair.js';

export interface RedirectList {
  side: TenantSide;
  tenant: string;
  sites: RedirectSite[];
  /** When the tenant was listed (the snapshot the list comes from). */
  listedAt: string;
  /** Set when the list was narrowed to one person's old OneDrive URL. */
  forUpn?: string;
  personalUrl?: string;
}

/**
 * INFERRED: a OneDrive lives at https://<tenant>-my.sharepoint.com/personal/<upn> with every character
 * that is not a letter or digit turned into '_'. Observed on real tenants, not documented; it does not
 * hold for renamed users or when a tenant rename changed the host, so keep this the only place the rule lives.
 */
export function personalSiteUrl(adminUrl: string, upn: string): string {
  const admin = new URL(adminUrl);
  const myHost = admin.hostname.replace(/^([^.]+?)-admin\./, '$1-my.');
  return `https://${myHost}/personal/${upn.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
}

/** What a redirect stands in place of: a person's OneDrive, a site or a group site, and whose or which. */
export interface RedirectOrigin {
  kind: MoveKind;
  /** OneDrive: "source UPN (now target UPN)" on the source, the UPN on the target. Sites: where the site is now. */
  owner: string;
  /** What the move that left this URL is read back by on this side: the UPN there, or the site's move key. */
  moveOf: string;
}

/**
 * What each URL on this tenant was, keyed by normalSiteUrl: the identity map's people at their personal URL on
 * that side, the site map's sites and group sites at their URL on that side. A site's redirect on the source
 * points at its target URL; on the target (left by a move back) at its source URL.
 */
export function redirectOrigins(adminUrl: string, side: TenantSide, identityMap: IdentityMap, siteMap?: SiteMap): Map<string, RedirectOrigin> {
  const origins = new Map<string, RedirectOrigin>();
  for (const u of identityMap.users) {
    const upnOnSide = side === 'source' ? u.sourceUpn : u.targetUpn;
    const owner = side === 'source' ? `${u.sourceUpn} (now ${u.targetUpn})` : u.targetUpn;
    origins.set(normalSiteUrl(personalSiteUrl(adminUrl, upnOnSide)), { kind: 'onedrive', owner, moveOf: upnOnSide });
  }
  for (const e of siteMap?.entries ?? []) {
    const [here, there, alias] = side === 'source' ? [e.sourceSiteUrl, e.targetSiteUrl, e.sourceAlias] : [e.targetSiteUrl, e.sourceSiteUrl, e.targetAlias];
    const group = e.kind === 'group' && e.sourceAlias ? ` (group ${alias ?? e.sourceAlias})` : '';
    origins.set(normalSiteUrl(here), { kind: e.kind, owner: `now ${there}${group}`, moveOf: siteMoveKeyFrom(e.kind, here, alias) });
  }
  return origins;
}

/**
 * Redirect sites on one tenant as last listed (services/knowledge/redirectSnapshots.ts), optionally only
 * the one at a person's personal URL. The UPN may be either of the person's UPNs: the identity map picks
 * the one that tenant used.
 */
export async function listRedirects(
  tenants: TenantPair, snapshots: Pick<RedirectSnapshots, 'current'>, side: TenantSide, identityMap: IdentityMap, forUpn?: string,
  onProgress?: (p: ListProgress | undefined) => void,
): Promise<RedirectList> {
  const tenant = tenants[side];
  const { sites, listedAt } = await snapshots.current(side, onProgress);
  const base = { side, tenant: tenantName(tenant.adminUrl), listedAt };
  if (!forUpn) return { ...base, sites };
  const person = findUser(identityMap, forUpn);
  const upnOnSide = person ? (side === 'source' ? person.sourceUpn : person.targetUpn) : forUpn;
  const personalUrl = personalSiteUrl(tenant.adminUrl, upnOnSide);
  return { ...base, forUpn: upnOnSide, personalUrl, sites: sites.filter((s) => sameSiteUrl(s.url, personalUrl)) };
}

export function requireSide(value: string): TenantSide {
  if (value === 'source' || value === 'target') return value;
  throw new InputError(`"${value}" is not a side. Use source or target.`);
}
