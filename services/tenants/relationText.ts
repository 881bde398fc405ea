// What a relation text (GetSPOTenantOrgRelationByScenario / …ByPartner) says about one partner. The text
// format is NOT PUBLIC, so this reading is INFERRED and lives here alone: a relation is one line; a line
// belongs to the partner when it names the partner's host (with or without the trailing slash); its role
// is the word after "PartnerRole" when there is one, else the one role name the line holds. Anything less
// clear counts as unclear, which stops the caller: a guard may refuse a good relation, never pass a wrong one.
import { siteHost } from '../siteUrl.js';
import type { PartnerRole, RelationCheck } from './types.js';

export type RoleInText = PartnerRole | 'unclear';

const ROLE_WORDS = /\b(Source|Target)\b/gi;

/** The roles stated by the lines of `text` that name `partnerHostUrl`, one entry per such line. */
export function rolesForPartner(text: string | null, partnerHostUrl: string): RoleInText[] {
  if (!text) return [];
  const host = siteHost(partnerHostUrl);
  // The host must end where the line's URL ends, so contoso-my.sharepoint.com never matches contoso-my.sharepoint.com.evil.
  const names = new RegExp(`https?://${host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.-])`, 'i');
  return text.split(/\r?\n/).filter((line) => names.test(line)).map(roleOfLine);
}

function roleOfLine(line: string): RoleInText {
  const labelled = /PartnerRole\W{0,3}(Source|Target)\b/i.exec(line)?.[1];
  if (labelled) return capital(labelled);
  const words = new Set([...line.matchAll(ROLE_WORDS)].map((m) => capital(m[1]!)));
  return words.size === 1 ? [...words][0]! : 'unclear';
}

const capital = (word: string): PartnerRole => (word.toLowerCase() === 'source' ? 'Source' : 'Target');

export type RelationJudgement = RelationCheck;

/**
 * Whether the relation with the partner, in the role we name, is the one the tenant holds. `byRole` is the
 * answer to GetSPOTenantOrgRelationByScenario(MnA, <the integer we send for partnerRole>), `byPartner` to
 * GetSPOTenantOrgRelationByPartner(host). Since the integers are a guess, the role-filtered answer must
 * name the partner in the role we mean; a relation in that role that only the partner-filtered answer
 * shows means our integer asked for something else.
 */
export function judgeRelation(partnerRole: PartnerRole, partnerHostUrl: string, byRole: string | null, byPartner: string | null, roleInteger: number): RelationJudgement {
  const asked = `partner role ${partnerRole} (sent as ${roleInteger})`;
  const inRole = rolesForPartner(byRole, partnerHostUrl);
  const wrong = inRole.filter((r) => r !== partnerRole);
  if (wrong.length) {
    return { state: 'mismatch', detail: `asked for ${asked}, SharePoint answered a relation with ${partnerHostUrl} as ${wrong.includes('unclear') ? 'an unclear role' : `partner role ${wrong[0]}`}: "${firstLines(byRole)}"` };
  }
  if (inRole.length) return { state: 'present', detail: `${partnerHostUrl} holds ${asked}: "${firstLines(byRole)}"` };
  if (rolesForPartner(byPartner, partnerHostUrl).includes(partnerRole)) {
    return { state: 'mismatch', detail: `asked for ${asked}, SharePoint answered none, yet lists ${partnerHostUrl} as partner role ${partnerRole}: "${firstLines(byPartner)}"` };
  }
  return { state: 'absent', detail: `no relation with ${partnerHostUrl} as ${asked}` };
}

const firstLines = (text: string | null) => (text ?? '').split(/\r?\n/).slice(0, 3).join(' | ').slice(0, 400);
