// What the service checks when a site or group-site move is created over Graph (validateOnly or not).
// Documented (docs/moves.md section 1): the target site must not exist; a group's target site URL must
// match the target group's alias; the trust as for people. INFERRED, all in this file: the order of the
// checks, that they are made at creation, and every code and message except the 422 and the MnA names.
import { GroupRecord, SandboxWorld, SiteMove, TenantState, siteKey, tenantByHostUrl } from './model.js';
import { MoveRefusal, checkTrust, conflictMessage, urlConflict } from './moveChecks.js';
import { latestSiteMoveFor } from './moves.js';
import { SITE_MOVE_FAILURES } from './names.js';

export interface SiteMoveAsk {
  kind: 'site' | 'group';
  targetOrganizationHost: string;
  sourceSiteUrl?: string;
  targetSiteUrl?: string;
  sourceAlias?: string;
  targetAlias?: string;
}

const groupByAlias = (tenant: TenantState, alias: string): GroupRecord | undefined =>
  tenant.groups.find((g) => g.mailNickname?.toLowerCase() === alias.toLowerCase());

const lastSegment = (url: string) => new URL(url).pathname.replace(/\/+$/, '').split('/').pop() ?? '';

/** The group kind names groups; the sites are the source group's and the one its target alias gives. */
function groupSites(tenant: TenantState, partner: TenantState, ask: SiteMoveAsk): SiteMove {
  const sourceAlias = ask.sourceAlias ?? '';
  const targetAlias = ask.targetAlias ?? '';
  const source = groupByAlias(tenant, sourceAlias);
  if (!source?.siteUrl) throw new MoveRefusal('SourceGroupNotFound', `No Microsoft 365 group with a site has the alias ${sourceAlias} in this tenant.`);
  if (!groupByAlias(partner, targetAlias)) throw new MoveRefusal('TargetGroupNotFound', `No Microsoft 365 group has the alias ${targetAlias} in the target tenant. Create it there first.`);
  // The base parameters carry site URLs for every kind (G-PARAMS): a target URL sent along must end in the alias (SP-5).
  const targetSiteUrl = ask.targetSiteUrl ?? `https://${partner.rootHost}/sites/${targetAlias}`;
  if (lastSegment(targetSiteUrl).toLowerCase() !== targetAlias.toLowerCase()) {
    throw new MoveRefusal('TargetSiteUrlDoesNotMatchGroupAlias', `The target site URL ${targetSiteUrl} does not match the target group's alias ${targetAlias}.`);
  }
  return { kind: 'group', sourceSiteUrl: source.siteUrl, targetSiteUrl, sourceAlias, targetAlias };
}

function onHost(url: string, host: string): boolean {
  try { return new URL(url).host.toLowerCase() === host; } catch { return false; }
}

/** The checks a site or group-site move request fails at creation; the same for validateOnly and a real move. */
export function validateSiteMove(world: SandboxWorld, tenant: TenantState, ask: SiteMoveAsk): { site: SiteMove; partner: TenantState } {
  const partner = tenantByHostUrl(world, ask.targetOrganizationHost);
  checkTrust(tenant, partner === tenant ? undefined : partner, undefined, ask.targetOrganizationHost);
  if (!partner || partner === tenant) throw new MoveRefusal('MnATrustCouldNotContactPartner', `The partner ${ask.targetOrganizationHost} could not be contacted.`);
  const site: SiteMove = ask.kind === 'group' ? groupSites(tenant, partner, ask)
    : { kind: 'site', sourceSiteUrl: ask.sourceSiteUrl ?? '', targetSiteUrl: ask.targetSiteUrl ?? '' };
  const source = tenant.sites.get(siteKey(site.sourceSiteUrl));
  const latest = latestSiteMoveFor(tenant, ask.kind, ask.kind === 'site' ? site.sourceSiteUrl : site.sourceAlias ?? '');
  if (latest && (latest.status === 'notStarted' || latest.status === 'inProgress')) {
    throw new MoveRefusal('MnASiteMoveIsInprogressOrFinished', `A move of ${site.sourceSiteUrl} is already scheduled or in progress.`);
  }
  if (!source || /^redirectsite/i.test(source.template)) {
    if (latest?.status === 'completed') throw new MoveRefusal('MnASiteMoveIsInprogressOrFinished', `The move of ${site.sourceSiteUrl} has already finished.`);
    throw new MoveRefusal('SourceSiteNotFound', `The source site ${site.sourceSiteUrl} does not exist in this tenant.`);
  }
  // Documented limit (SP-OV); INFERRED that creation refuses it, with the code the scenario's failed moves carry.
  if (source.longPaths) {
    const tooLong = SITE_MOVE_FAILURES.find((f) => f.code === 'PathTooLong')!;
    throw new MoveRefusal(tooLong.code, tooLong.message);
  }
  if (!onHost(site.targetSiteUrl, partner.rootHost)) {
    throw new MoveRefusal('TargetSiteUrlNotInTargetTenant', `The target site URL ${site.targetSiteUrl} is not on the target tenant's host ${partner.rootHost}.`);
  }
  // Documented: the target site must not exist. Refused at creation here (for people the sandbox fails it later).
  const conflict = urlConflict(partner, site.targetSiteUrl);
  if (conflict) throw new MoveRefusal('MnASiteMoveTargetUrlHasWriteConflict', conflictMessage(conflict));
  return { site, partner };
}
