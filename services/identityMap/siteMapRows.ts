// One site-map row at a time. The site map is our own format (Microsoft defines none: docs/moves.md,
// "Inferred" item 1): a header row, then `Site` rows (source site URL → target site URL) and `Group` rows
// (the same plus the source and target group aliases), read by the identity map's CSV reader.
import { z } from 'zod';
import { normalSiteUrl, siteHost } from '../siteUrl.js';
import { RowProblems, shown, type RowSink } from './rows.js';

export const SITE_MAP_COLUMNS = ['Kind', 'SourceSiteUrl', 'TargetSiteUrl', 'SourceGroupAlias', 'TargetGroupAlias'] as const;

export interface SiteMapEntry {
  line: number;
  kind: 'site' | 'group';
  sourceSiteUrl: string;
  targetSiteUrl: string;
  sourceAlias?: string;
  targetAlias?: string;
}

/** The tenants' root SharePoint hosts (contoso.sharepoint.com), when the bot knows them. */
export interface SiteMapHosts { source: string; target: string }

/** Whether a row is the site map's header (case and spaces aside): how a site map is told from an identity map. */
export function isSiteMapHeader(fields: readonly string[]): boolean {
  return fields.length === SITE_MAP_COLUMNS.length
    && fields.every((f, i) => f.trim().toLowerCase() === SITE_MAP_COLUMNS[i]!.toLowerCase());
}

/** `https://contoso-admin.sharepoint.com` → `contoso.sharepoint.com`: where the tenant's sites live. */
export function rootHostOfAdminUrl(adminUrl: string): string {
  return siteHost(adminUrl).replace(/^([^.]+?)-admin\./, '$1.');
}

/** Both tenants' root hosts from their SharePoint admin URLs; undefined when the tenants are not known. */
export function siteMapHosts(tenants: Record<'source' | 'target', { adminUrl: string }> | undefined): SiteMapHosts | undefined {
  return tenants && { source: rootHostOfAdminUrl(tenants.source.adminUrl), target: rootHostOfAdminUrl(tenants.target.adminUrl) };
}

// SharePoint Online's hosts; -my is OneDrive's, -admin the admin center's.
const SPO_HOST = /^[a-z0-9][a-z0-9-]*\.sharepoint\.com$/;
// SharePoint Online has two wildcard managed paths for sites, /sites/ and /teams/ (no custom ones), and a
// cross-tenant move takes a site collection, not a subsite: so exactly <host>/<sites|teams>/<name>.
const SITE_PATH = /^\/(sites|teams)\/([^/\s~"#%&*:<>?\\{|}]+)$/i;
// Graph's group mailNickname: at most 64 ASCII characters, none of @ ( ) \ / [ ] " ' ; : < > , or space
// (the union of the lists Graph's group pages give).
const ALIAS = /^[\x21-\x7e]{1,64}$/;
const NOT_IN_ALIAS = /[@()\\/[\]"';:<>,]/;

/** Why a value is not a SharePoint site URL a cross-tenant site move can take, or undefined. */
function siteUrlProblem(value: string): string | undefined {
  if (!/^https:\/\//i.test(value) || !URL.canParse(value)) return 'is not an https URL';
  const url = new URL(value);
  if (url.search || url.hash || url.username || url.password) return 'is not a site URL (it has a query, a fragment or credentials)';
  const normal = normalSiteUrl(value);
  const host = hostOf(normal);
  if (/-my\.sharepoint\.com$/.test(host)) return "is a OneDrive URL: people's OneDrives go in the identity map, not the site map";
  if (/-admin\.sharepoint\.com$/.test(host)) return 'is the SharePoint admin center, not a site';
  if (!SPO_HOST.test(host)) return 'is not on a SharePoint Online host (<tenant>.sharepoint.com)';
  const path = normal.slice(`https://${host}`.length);
  // Refused rather than allowed: a site move needs a target URL that does not exist yet (SP-OV), and every
  // tenant has its root site, so a root in the map is a row no move can carry out.
  if (path === '') return "is the tenant's root site: every tenant has one and a site move needs a target that does not exist, so roots are not moved";
  if (!SITE_PATH.test(path)) return 'is not a site URL like https://<tenant>.sharepoint.com/sites/<name> or /teams/<name>';
  return undefined;
}

const url = () => z.string().min(1, 'is empty').superRefine((v, ctx) => {
  const problem = siteUrlProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const noAlias = () => z.string().max(0, 'must be empty on a Site row (a group site is a Group row)');
const alias = () => z.string().min(1, 'is empty').regex(ALIAS, 'is not a group alias (1-64 ASCII characters, no spaces)')
  .refine((v) => !NOT_IN_ALIAS.test(v), 'is not a group alias (no @ ( ) \\ / [ ] " \' ; : < > or commas)');
const siteRow = z.tuple([z.string(), url(), url(), noAlias(), noAlias()]);
const groupRow = z.tuple([z.string(), url(), url(), alias(), alias()]);

/** The host of an https URL already in normalSiteUrl's form (siteHost would normalise it again). */
const hostOf = (normal: string) => normal.slice('https://'.length).split('/')[0]!;

/** A row's two URLs in normalSiteUrl's form. */
interface UrlKeys { source: string; target: string }

/**
 * Checks rows as they arrive and builds the O(1) indexes: normal site URL (both sides in one index, since
 * their hosts differ) and alias per side (a source alias may equal some other group's target alias).
 */
export class SiteRowChecker extends RowProblems implements RowSink {
  readonly entries: SiteMapEntry[] = [];
  readonly byUrl = new Map<string, SiteMapEntry>();
  readonly bySourceAlias = new Map<string, SiteMapEntry>();
  readonly byTargetAlias = new Map<string, SiteMapEntry>();
  private sourceHost: { host: string; line: number } | undefined;
  private targetHost: { host: string; line: number } | undefined;

  constructor(maxProblems = Infinity, private readonly tenants?: SiteMapHosts) {
    super(maxProblems);
  }

  get accepted(): number { return this.entries.length; }

  /** The reader hands over the first line, which the site map requires to be its header. */
  header(fields: string[]): void {
    if (isSiteMapHeader(fields)) return;
    this.problem({ line: 1, column: 'header', reason: `the first line must be the header ${SITE_MAP_COLUMNS.join(',')}, not ${shown(fields.join(','))}` });
  }

  row(fields: string[], line: number): void {
    const kind = (fields[0] ?? '').toLowerCase();
    if (kind !== 'site' && kind !== 'group') {
      this.problem({ line, column: 'Kind', reason: `Kind must be Site or Group, not ${shown(fields[0] ?? '')}` });
      return;
    }
    if (!this.shape(kind === 'site' ? siteRow : groupRow, SITE_MAP_COLUMNS, fields, line)) return;
    const [, sourceSiteUrl, targetSiteUrl, sourceAlias, targetAlias] = fields as [string, string, string, string, string];
    const entry: SiteMapEntry = kind === 'site'
      ? { line, kind, sourceSiteUrl, targetSiteUrl }
      : { line, kind, sourceSiteUrl, targetSiteUrl, sourceAlias, targetAlias };
    // Each URL normalised once: at 100,000 rows normalising is most of the work.
    const keys: UrlKeys = { source: normalSiteUrl(sourceSiteUrl), target: normalSiteUrl(targetSiteUrl) };
    if (this.hostProblem(entry, keys) || this.groupProblem(entry, keys) || this.mappedTwice(entry, keys)) return;
    this.entries.push(entry);
    this.byUrl.set(keys.source, entry);
    this.byUrl.set(keys.target, entry);
    if (entry.sourceAlias) this.bySourceAlias.set(entry.sourceAlias.toLowerCase(), entry);
    if (entry.targetAlias) this.byTargetAlias.set(entry.targetAlias.toLowerCase(), entry);
  }

  /** One source tenant, one target tenant, and not the same one: the configured tenants' hosts when known, else the first row's. */
  private hostProblem(e: SiteMapEntry, keys: UrlKeys): boolean {
    const source = hostOf(keys.source);
    const target = hostOf(keys.target);
    const fail = (column: string, value: string, reason: string) => { this.problem({ line: e.line, column, reason: `${column} ${shown(value)} ${reason}` }); return true; };
    if (source === target) return fail('TargetSiteUrl', e.targetSiteUrl, `is on the source's host (${source}): a cross-tenant move goes to the other tenant`);
    if (this.tenants) {
      const swapped = source === this.tenants.target && target === this.tenants.source ? ': are the two URL columns swapped?' : '';
      if (source !== this.tenants.source) return fail('SourceSiteUrl', e.sourceSiteUrl, `is not on the source tenant (${this.tenants.source})${swapped}`);
      if (target !== this.tenants.target) return fail('TargetSiteUrl', e.targetSiteUrl, `is not on the target tenant (${this.tenants.target})${swapped}`);
      return false;
    }
    this.sourceHost ??= { host: source, line: e.line };
    this.targetHost ??= { host: target, line: e.line };
    if (source !== this.sourceHost.host) return fail('SourceSiteUrl', e.sourceSiteUrl, `is on ${source}, but the source sites are on ${this.sourceHost.host} (line ${this.sourceHost.line}): one map is for one pair of tenants`);
    if (target !== this.targetHost.host) return fail('TargetSiteUrl', e.targetSiteUrl, `is on ${target}, but the target sites are on ${this.targetHost.host} (line ${this.targetHost.line}): one map is for one pair of tenants`);
    return false;
  }

  /** A group-connected site's target URL must end in the target group's alias, or the move fails (SP-5). */
  private groupProblem(e: SiteMapEntry, keys: UrlKeys): boolean {
    if (e.kind !== 'group' || keys.target.split('/').at(-1) === e.targetAlias!.toLowerCase()) return false;
    this.problem({ line: e.line, column: 'TargetSiteUrl', reason: `TargetSiteUrl ${shown(e.targetSiteUrl)} must end in the target group's alias (…/${e.targetAlias}): the move fails otherwise` });
    return true;
  }

  /** One-to-one: the second mention is the error, and it names the line that claimed the URL or alias first. */
  private mappedTwice(e: SiteMapEntry, keys: UrlKeys): boolean {
    const claims: [string, string, string | undefined, Map<string, SiteMapEntry>][] = [
      ['SourceSiteUrl', e.sourceSiteUrl, keys.source, this.byUrl],
      ['TargetSiteUrl', e.targetSiteUrl, keys.target, this.byUrl],
      ['SourceGroupAlias', e.sourceAlias ?? '', e.sourceAlias?.toLowerCase(), this.bySourceAlias],
      ['TargetGroupAlias', e.targetAlias ?? '', e.targetAlias?.toLowerCase(), this.byTargetAlias],
    ];
    for (const [column, value, key, index] of claims) {
      const first = key === undefined ? undefined : index.get(key);
      if (!first) continue;
      this.problem({ line: e.line, column, reason: `${column} ${shown(value)} is already mapped on line ${first.line}` });
      return true;
    }
    return false;
  }
}
