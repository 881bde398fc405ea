// One key per thing that moved, used by the ledger, plans, their re-checks and exports alike:
//  - a person's OneDrive: their source UPN in lower case (as the ledger has always keyed people, so a stored
//    ledger keeps its meaning);
//  - a SharePoint site: `site:` + its source URL in the one form URLs are compared in (normalSiteUrl);
//  - a Microsoft 365 group's site: `group:` + the source group's alias in lower case.
// A UPN cannot hold ':' (RFC 5322 atext has none), so the three forms never meet. Which tenant call reads a
// key's move lives here too (readMoveByKey), so no caller tells the kinds apart by hand.
import type { SiteMapEntry } from '../identityMap/siteMap.js';
import { normalSiteUrl } from '../siteUrl.js';
import type { MoveKind, MoveState, SiteMoveState, TenantOperations } from '../tenants/types.js';

/** What a move's state says whatever moved: status, dates, error (a person's also names their source UPN). */
export type MoveTaskState = Omit<MoveState, 'sourceUpn'> & { sourceUpn?: string };

const SITE = 'site:';
const GROUP = 'group:';

/** A person's source UPN as any map or card writes it, or a key in any case: its form in the ledger. */
export const moveKey = (upnOrKey: string): string => upnOrKey.toLowerCase();

/**
 * The key of a site's move that leaves `url` (a group site's: leaves its group `alias`, by which the service finds
 * a group's move). The site map's forward moves leave its source end; a move back leaves its target end.
 */
export function siteMoveKeyFrom(kind: 'site' | 'group', url: string, alias?: string): string {
  return kind === 'group' && alias ? GROUP + alias.toLowerCase() : SITE + normalSiteUrl(url);
}

/** A site-map row's key: the move from its source end. */
export function siteMoveKey(entry: Pick<SiteMapEntry, 'kind' | 'sourceSiteUrl' | 'sourceAlias'>): string {
  return siteMoveKeyFrom(entry.kind, entry.sourceSiteUrl, entry.sourceAlias);
}

export function moveKindOf(key: string): MoveKind {
  if (key.startsWith(SITE)) return 'site';
  if (key.startsWith(GROUP)) return 'group';
  return 'onedrive';
}

/** The UPN, site URL or alias the key stands for (what the service is asked about). */
export function moveSubjectOf(key: string): string {
  const kind = moveKindOf(key);
  return kind === 'site' ? key.slice(SITE.length) : kind === 'group' ? key.slice(GROUP.length) : key;
}

/** For people: "adele@contoso.com", "site https://contoso.sharepoint.com/sites/x", "group sales". */
export function moveKeyText(key: string): string {
  const kind = moveKindOf(key);
  return kind === 'onedrive' ? key : `${kind} ${moveSubjectOf(key)}`;
}

export type MoveReader = Pick<TenantOperations, 'getMoveState' | 'getSiteMoveState'>;

/** A tenant as a reader of moves by key, for the bulk reader (readMoveStates.ts), its throttle count passed on. */
export function moveReaderByKey(tenant: MoveReader & Pick<TenantOperations, 'throttleCount'>): { getMoveState(key: string): Promise<MoveState | SiteMoveState | null>; throttleCount(): number } {
  return { getMoveState: (key) => readMoveByKey(tenant, key), throttleCount: () => tenant.throttleCount?.() ?? 0 };
}

/** The move of whatever the key names, from the tenant the content left; null when the service has none. */
export async function readMoveByKey(tenant: MoveReader, key: string, signal?: AbortSignal): Promise<MoveState | SiteMoveState | null> {
  const kind = moveKindOf(key);
  return kind === 'onedrive' ? tenant.getMoveState(key) : tenant.getSiteMoveState(kind, moveSubjectOf(key), signal);
}
