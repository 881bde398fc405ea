// migrate back site <current url> to <original url>: the same preflight and ordered plan as a person's move
// back (migrateBackPlan.ts), for a SharePoint site or a Microsoft 365 group's site. The site map says which
// it is: a group site moves back by its aliases (the reverse group move names the current group and the
// original one), any other site by its two URLs. Long paths are the service's to find: its dry run refuses
// them, and the bot, which cannot list files, names the cmdlet that does.
import { TenantError } from '../errors.js';
import { findSiteEntry, type SiteMap, type SiteMapEntry } from '../identityMap/siteMap.js';
import { siteMoveKey, siteMoveKeyFrom } from '../knowledge/moveKeys.js';
import { buildPlan } from '../approvals/plan.js';
import { redirectItemKey } from '../approvals/removeRedirectsPlan.js';
import type { Finding, Person, Plan, PlanItem, PreflightCheck } from '../approvals/types.js';
import { refusalText } from '../jobs/steps.js';
import { sameSiteUrl } from '../siteUrl.js';
import type { TenantClientApi, TenantSide } from '../tenants/types.js';
import {
  CURRENT_SIDE, ORIGINAL_SIDE, dryRun, lastMoveCheck, moveBackSides, otherMoveCheck, reverseTrustChecks, urlCheck, type MigrateBackInput,
} from './migrateBackPlan.js';
import type { TrackedUser } from './types.js';

export interface SiteMoveBackInput {
  tenants: Record<TenantSide, TenantClientApi>;
  moves: MigrateBackInput['moves'];
  siteMap: SiteMap;
  /** The site's URL on the tenant it lives on now (the old target). */
  currentUrl: string;
  /** Its URL on the tenant it goes back to (the original source), held by the redirect its move left. */
  originalUrl: string;
  tracked?: TrackedUser;
  requestedBy: Person;
  now: Date;
  expiryMs?: number;
}

/** What moves back and how the service names it on each side. */
export interface SiteMoveBack {
  kind: 'site' | 'group';
  currentUrl: string;
  originalUrl: string;
  /** Group sites: the aliases the reverse move names (from the site map). */
  aliases?: { current: string; original: string };
}

/**
 * INFERRED (docs/moves.md, inferred 15): how the service words a refusal for paths that would pass 400
 * characters. No public refusal shows it; the documented limit and cmdlet are SP-OV and PS-LONG.
 */
const LONG_PATHS = /PathTooLong|LongFilePath|400 characters/i;

const tidy = (url: string) => url.trim().replace(/\/+$/, '');

/** The site map's row decides the kind; a site it does not name moves back as a plain site by its URLs. */
export function siteMoveBackOf(map: SiteMap, currentUrl: string, originalUrl: string): { back: SiteMoveBack; entry?: SiteMapEntry } {
  const entry = findSiteEntry(map, currentUrl) ?? findSiteEntry(map, originalUrl);
  // As typed (the service and the cards see them so); compared only in normal form (tracker, plan keys).
  const urls = { currentUrl: tidy(currentUrl), originalUrl: tidy(originalUrl) };
  if (entry?.kind === 'group' && entry.sourceAlias && entry.targetAlias) {
    return { entry, back: { kind: 'group', ...urls, aliases: { current: entry.targetAlias, original: entry.sourceAlias } } };
  }
  return { entry, back: { kind: entry?.kind ?? 'site', ...urls } };
}

/** The move key of a move leaving the current tenant: what the reverse move is read back by there. */
export const reverseMoveKey = (back: SiteMoveBack) =>
  siteMoveKeyFrom(back.kind, back.currentUrl, back.aliases?.current);

export async function planSiteMoveBack(input: SiteMoveBackInput): Promise<Plan> {
  const sides = await moveBackSides(input.tenants);
  const { current, original, names, originalHost } = sides;
  const { back, entry } = siteMoveBackOf(input.siteMap, input.currentUrl, input.originalUrl);
  const what = back.kind === 'group' ? `group site ${back.currentUrl}` : `site ${back.currentUrl}`;
  const forwardKey = siteMoveKey(entry ?? { kind: 'site', sourceSiteUrl: back.originalUrl });
  const stop = back.kind === 'group' ? 'Stop-SPOCrossTenantGroupContentMove' : 'Stop-SPOCrossTenantSiteContentMove';
  const move = back.aliases
    ? { kind: back.kind, source: back.aliases.current, target: back.aliases.original }
    : { kind: back.kind, source: back.currentUrl, target: back.originalUrl };

  const [trust, lastMove, otherMove, urlHolder] = await Promise.all([
    reverseTrustChecks(sides),
    lastMoveCheck(input.moves, forwardKey, back.originalUrl, names.original),
    otherMoveCheck(input, reverseMoveKey(back), { subject: what, stop }, names.current),
    urlCheck(original, back.originalUrl, names.original, 'site URL'),
  ]);
  const dry = await dryRun(() => current.startSiteMove({ ...move, targetHostUrl: originalHost, validateOnly: true }), urlHolder.clears);
  const { refusal: _kept, ...dryCheck } = dry;
  const checks: PreflightCheck[] = [
    ...trust, mapCheck(input, back, entry), lastMove, otherMove, urlHolder.check, dryCheck, longPathsCheck(dry, back, names.current),
  ];

  const items: PlanItem[] = [
    {
      key: redirectItemKey(back.originalUrl),
      label: `Remove and purge the redirect at ${back.originalUrl} on ${names.original} (${ORIGINAL_SIDE})${urlHolder.locked ? ', unlocking it first' : ''}`,
      step: { type: 'remove-redirect', side: ORIGINAL_SIDE, url: back.originalUrl, unlock: urlHolder.locked, purge: true },
    },
    {
      key: `start-move:${reverseMoveKey(back)}`,
      label: `Start the move of ${what} on ${names.current} back to ${back.originalUrl} on ${names.original} (${originalHost})${back.aliases ? `, group ${back.aliases.current} to group ${back.aliases.original}` : ''}`,
      step: { type: 'start-move', side: CURRENT_SIDE, site: move, targetHostUrl: originalHost },
    },
  ];
  const findings: Finding[] = checks.filter((c) => !c.passed).map((c) => ({ level: 'blocker', text: `${c.name}: ${c.detail}`, subjects: c.commands }));
  return buildPlan({
    kind: 'migrate-back',
    title: `Move ${what} back to ${names.original}`,
    summary: `Clear ${back.originalUrl} on ${names.original}, then move the ${what} from ${names.current} back to it. The move is tracked until the site answers at ${back.originalUrl} and the redirect it leaves on ${names.current} is removed.`,
    requestedBy: input.requestedBy, items, findings, checks,
    options: { side: CURRENT_SIDE, purge: true, unlock: urlHolder.locked, scope: back.originalUrl },
    ordered: true,
  }, input.now, input.expiryMs);
}

/** The site map pairs the two URLs (when it names the site); a group site needs its row for the aliases. */
function mapCheck(input: SiteMoveBackInput, back: SiteMoveBack, entry: SiteMapEntry | undefined): PreflightCheck {
  const name = 'The site map pairs the two URLs';
  if (!entry) {
    return { name, passed: true, detail: `the site map does not name ${back.currentUrl}: it moves back as a site by its two URLs (a group site needs its Group row, with both aliases).` };
  }
  if (!sameSiteUrl(entry.targetSiteUrl, input.currentUrl) || !sameSiteUrl(entry.sourceSiteUrl, input.originalUrl)) {
    return { name, passed: false, detail: `line ${entry.line} pairs ${entry.sourceSiteUrl} (original) with ${entry.targetSiteUrl} (current).`, fix: `Ask for "migrate back site ${entry.targetSiteUrl} to ${entry.sourceSiteUrl}", or correct the site map.` };
  }
  if (entry.kind === 'group' && !back.aliases) {
    return { name, passed: false, detail: `line ${entry.line} is a group site without both group aliases: the reverse group move names them.`, fix: 'Add the source and target group aliases to that row of the site map and send it again.' };
  }
  const aliases = back.aliases ? `, group ${back.aliases.original} → ${back.aliases.current}` : '';
  return { name, passed: true, detail: `line ${entry.line}: ${entry.sourceSiteUrl} → ${entry.targetSiteUrl}${aliases}.` };
}

/**
 * Paths over 400 characters fail a site move (SP-OV). Only the service sees the files: its dry run's refusal
 * says so, and Find-SPOCrossTenantLongFilePathsForSiteRename lists them (PS-LONG: Old = where the site is now).
 */
function longPathsCheck(dry: PreflightCheck & { refusal?: TenantError }, back: SiteMoveBack, currentName: string): PreflightCheck {
  const name = 'No path passes 400 characters at the original URL';
  const commands = [`Find-SPOCrossTenantLongFilePathsForSiteRename -OldSiteUrl ${back.currentUrl} -NewSiteUrl ${back.originalUrl}`];
  const cannot = 'The bot cannot list files itself';
  if (dry.refusal && LONG_PATHS.test(`${dry.refusal.serviceCode} ${dry.refusal.userMessage}`)) {
    return {
      name, passed: false, detail: `the service's dry run reports long paths: ${refusalText(dry.refusal).replace(/\.+$/, '')}. ${cannot}.`,
      fix: `An admin of ${currentName} lists them with this command (SharePoint Online PowerShell), shortens them or moves the files up, then asks again.`, commands,
    };
  }
  if (!dry.passed) return { name, passed: false, detail: `not known: the dry run stopped at another refusal (above). ${cannot}; this command lists them.`, commands };
  return { name, passed: true, detail: `the service's dry run reported none. ${cannot}; this command lists any.`, commands };
}
