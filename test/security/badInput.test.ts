// A corpus of bad input, each case sent as a real activity to POST /api/messages of the bot as a process
// (sandbox, authentication off). For every case: a clear answer (or, for what the bot does not use, a
// silent 200), never a stack trace or a raw exception; the process still answers /healthz; refusals are
// audited where the product audits them; and, over the whole corpus, nothing changes on the tenants and
// no plan is approved.
import { systemClock } from '../../services/ports.js';
import { RoleCheck } from '../../services/approvals/roleCheck.js';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Activity } from 'botbuilder';
import type { BotServices } from '../../bot/botServices.js';
import { callerOf } from '../../bot/identity.js';
import { FILE_DOWNLOAD_INFO, handleIdentityMapUpload } from '../../bot/identityMapUpload.js';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { IdentityMapFile, STORED_IDENTITY_MAP } from '../../services/identityMap/identityMap.js';
import { silentLogger } from '../bench/silentLogger.js';
import { message } from '../helpers/activities.js';
import type { SandboxChange } from '../../services/sandbox/types.js';
import { activityIdOf, cardIn, startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';
import { cardText, executeActions } from '../helpers/cards.js';
import { BadInputBot, type Outcome } from './badInputBot.js';

const { admin, approver, user } = SANDBOX_PEOPLE;
const STRANGE_TENANT = '11111111-2222-3333-4444-555555555555';

/** What a case may use: the bot, a real pending plan, a person whose move completed. */
interface Ctx {
  b: BadInputBot;
  plan: { planId: string; hash: string; activityId: string };
  done: { sourceUpn: string; targetUpn: string };
  /** The simulated tenants' own identity map (no header; User and Group rows). */
  map: string;
}

type Group = 'spacing and look-alikes' | 'injection' | 'bad UPNs, URLs, ids, numbers' | 'oversized'
  | 'malformed invokes' | 'activity shapes' | 'CSV uploads';

interface Case {
  group: Group;
  name: string;
  send(ctx: Ctx): Partial<Activity> | { raw: string };
  /** HTTP status of the POST (200 unless said). */
  status?: number;
  /** The answer a person reads (cards posted, or the invoke answer) must match this. */
  says?: RegExp;
  /** …and must not match this (e.g. the real person's move behind a path trick). */
  never?: RegExp;
  /** Nothing is answered at all: the bot does not use this, or may not tell a stranger it exists. */
  silent?: true;
  /** The audit event this case must append. */
  audit?: string;
  /** The generic "Something went wrong" card is the answer: a crash outside the files this corpus may fix (reported). */
  generic?: true;
  /**
   * The migrate-back preflight's dry run (validateOnly) was refused for this UPN, and the sandbox logs a
   * refused validateOnly call in its action log although it changes nothing (reported).
   */
  dryRunFor?: string;
}

const msg = (text: string, rest: Omit<Case, 'group' | 'name' | 'send'> = {}) =>
  ({ send: ({ b }: Ctx) => b.message(text), ...rest });
const notAUpn = /That is not a UPN: a UPN looks like name@company\.com\.\nType: /;
const notAdmin = /Sorry, this is for migration admins/;
const cannotUse = 'This card carries data I cannot use. Type the command again.';
const csvRejected = (problem: RegExp) => new RegExp(`Nothing was imported\\n[^\\n]*: \\d+ problem\\(s\\)\\.[\\s\\S]*${problem.source}`);
const WORKBOOK = Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'), Buffer.alloc(64), Buffer.from('[Content_Types].xml')]);
const GARBAGE = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));

const CASES: (Case & { group: Group; name: string })[] = [
  // Spacing, case, look-alikes: whitespace of any kind is whitespace; invisible or foreign letters never
  // make a command run on a guess (a change command is only run on its exact words).
  ...([
    ['a tab between the words', msg('host\turls', { says: /^Cross-tenant host URLs/ })],
    ['many spaces between the words', msg('host          urls', { says: /^Cross-tenant host URLs/ })],
    ['leading and trailing spaces and newlines', msg('  \n host urls \r\n ', { says: /^Cross-tenant host URLs/ })],
    ['a non-breaking space', msg('host\u00a0urls', { says: /^Cross-tenant host URLs/ })],
    ['a byte-order mark in front', msg('\ufeffhost urls', { says: /^Cross-tenant host URLs/ })],
    ['a zero-width space after the space', msg('host \u200burls', { says: /^Cross-tenant host URLs/ })],
    ['a zero-width space instead of the space', msg('host\u200burls', { says: /^Cross-tenant host URLs/ })],
    ['upper case', msg('HOST URLS', { says: /^Cross-tenant host URLs/ })],
    // Exact words in any case are the command: planned, then refused by its own preflight (moves unfinished).
    ['mixed case change command', msg('Remove TRUST', { says: /^Not possible yet\nTrust can't be removed while \d+ move\(s\) are not finished.*\nNothing was planned and nothing was changed\.$/s })],
    ['Cyrillic е in "remove trust"', msg('r\u0435move trust', { says: /^This would change something, so I don't act on a guess\./ })],
    ['Cyrillic е and о in "remove trust"', msg('r\u0435m\u043ev\u0435 trust', { says: /^I'm not sure what you meant\./ })],
    ['an emoji after a change command', msg('remove trust 🔥', { says: /^I can't use that\n"🔥" is not a side: use source, target or both\./ })],
    ['only emoji', msg('🔥🔥🔥', { says: /^I don't know a command for "🔥🔥🔥"\. The nearest ones:/ })],
    ['an RTL override in front of a change command', msg('\u202eremove trust', { says: /^This would change something, so I don't act on a guess\./ })],
    ['an RTL override inside a UPN', msg('move status a\u202e@contoso.com', { says: /^Move status: a\u202e@contoso\.com\nNo move found/ })],
    ['empty text (a bare @mention)', msg('', { says: /^What I can do\n/ })],
    ['only whitespace', msg(' \t \u00a0 ', { says: /^What I can do\n/ })],
  ] as const).map(([name, c]) => ({ group: 'spacing and look-alikes' as const, name, ...c })),

  // Injection: text that would break CSOM XML, OData filters or Graph paths reaches the tenants escaped
  // (or not at all), and what is echoed on a card cannot carry markup.
  ...([
    ['CSOM-breaking text in a site URL', msg(`remove redirects https://contoso-my.sharepoint.com/personal/a]]></Parameter><Method_Name="RemoveSite"/>&amp;'"`, {
      says: /^I can't use that\nhttps:\/\/contoso-my\.sharepoint\.com\/personal\/a\]\]›‹\/Parameter›‹Method_Name="RemoveSite"\/›&'" is not a redirect site on contoso/,
    })],
    ['angle brackets in a UPN', msg('move status a<b>@contoso.com', { says: notAUpn })],
    ['</Parameter> and ]]> in a UPN', msg('move status ]]></Parameter>@contoso.com', { says: notAUpn })],
    ['double quotes in a UPN', msg('move status "a"@contoso.com', { says: notAUpn })],
    ['an ampersand (HTML-escaped by Teams) in a UPN', msg('move status x&amp;y@contoso.com', { says: /^Move status: x&y@contoso\.com\nNo move found for x&y@contoso\.com/ })],
    ["OData quotes in a UPN", msg("move status x'or'1'eq'1@contoso.com", { says: /^Move status: x'or'1'eq'1@contoso\.com\nNo move found/ })],
    // A real person's UPN with a path trick around it must not read that person's move.
    ...(['../{upn}', '{upn}/../../x', '{upn}?$select=id', '{upn}%2F..%2F'] as const).map((shape) => [
      `Graph path trick ${shape}`,
      { send: ({ b, done }: Ctx) => b.message(`move status ${shape.replace('{upn}', done.sourceUpn)}`), says: /^Move status: .*\nNo move found for /, never: /Status: completed/ },
    ] as const),
    ['a path trick in "list redirects for"', { send: ({ b, done }: Ctx) => b.message(`list redirects for ${done.sourceUpn}/../..`), says: /\(personal URL inferred from the UPN\)\.\nNone found\./ }],
    // Only admins ever get their own text back (a stranger's is never echoed); ‹› keep HTML out of it.
    ['markdown echoed on the clarify card', msg('hello **bold** [click](https://evil.example)', { says: /^I don't know a command for "hello \*\*bold\*\* \[click\]\(https:\/\/evil\.example\)"\./ })],
    ['HTML echoed on an error card', msg('remove trust <script>alert(1)</script>', { says: /^I can't use that\n"‹script›alert\(1\)‹\/script›" is not a side/, never: /<script/ })],
    ['markdown from a stranger is not echoed', { send: ({ b }: Ctx) => b.message('**hi** [x](https://evil.example)', { person: user }), says: notAdmin, never: /evil/, audit: 'refused.not-admin' }],
    ['a change command followed by another', msg('remove trust; remove redirects all', { says: /^I'm not sure what you meant\./ })],
    ['a change command, a space, and another', msg('remove trust ; remove redirects all', { says: /^I can't use that\nGive one side at most: source, target or both\./ })],
    ['"remove redirects all;" then "remove trust"', msg('remove redirects all; remove trust', { says: /^I can't use that\nAfter the side give all, sites, onedrives, one https:\/\/ site URL, or "for" and a UPN; not "all; remove trust"\./ })],
    ['a read command && a change command', msg('host urls && remove trust', { says: /^I can't use that\nThis command takes nothing after it\.\nType: host urls$/ })],
    ['a UPN of 300 characters', msg(`move status ${'a'.repeat(300)}@contoso.com`, { says: /^I can't use that\nThat is not a UPN: it is longer than 254 characters\./ })],
    // 100 KB of "a." after an @: the UPN pattern backtracks quadratically on it (minutes, event loop
    // blocked); the length is checked first.
    ['a 100 KB UPN full of dots (pattern backtracking)', msg(`move status a@${'a.'.repeat(50_000)},`, { says: /That is not a UPN: it is longer than 254 characters\./ })],
    ['the same UPN in card data, from a stranger', {
      send: ({ b }: Ctx) => b.invoke('checkAccess', { upn: `a@${'a.'.repeat(50_000)},` }, { person: user }), status: 400, says: new RegExp(`^${cannotUse}`), audit: 'refused.tampered',
    }],
  ] as const).map(([name, c]) => ({ group: 'injection' as const, name, ...c })),

  // Each command's own arguments, wrong: the answer says what is wrong and what to type.
  ...([
    ['move status with no UPN', msg('move status', { says: /^I can't use that\nSay whose move: add their UPN, or the site URL\.\nType: move status ‹upn or site url›/ })],
    ['move status with two UPNs', msg('move status a@contoso.com b@contoso.com', { says: /One UPN or site URL at a time, please\./ })],
    ['move status with a name, not a UPN', msg('move status adele', { says: notAUpn })],
    ['list redirects for nobody', msg('list redirects for', { says: /After "for" give exactly one UPN\./ })],
    ['list redirects on a side that is not one', msg('list redirects sideways for a@contoso.com', { says: /"sideways" is not a side: use source or target\./ })],
    ['list redirects for a UPN without a domain', msg('list redirects for a@contoso', { says: notAUpn })],
    ['remove redirects with an http:// URL', msg('remove redirects http://contoso-my.sharepoint.com/personal/x', { says: /not "http:\/\/contoso-my\.sharepoint\.com\/personal\/x"\.\nType: remove redirects/ })],
    ['remove redirects with a javascript: URL', msg('remove redirects javascript:alert(1)', { says: /not "javascript:alert\(1\)"\./ })],
    ['remove redirects on another host', msg('remove redirects https://evil.example/personal/x', { says: /^I can't use that\nhttps:\/\/evil\.example\/personal\/x is not a redirect site on contoso/ })],
    ['remove redirects for a bad UPN', msg('remove redirects for not-a-upn', { says: notAUpn })],
    ['migrate back with one UPN', msg('migrate back a@fabrikam.com', { says: /Give the UPN on the current tenant, "to", and the UPN on the original tenant\./ })],
    ['migrate back "from" instead of "to"', msg('migrate back a@fabrikam.com from a@contoso.com', { says: /Give the UPN on the current tenant, "to"/ })],
    ['migrate back with markup in a UPN', msg('migrate back <b>@fabrikam.com to a@contoso.com', { says: notAUpn })],
    // Well-formed but unknown: every preflight check answers, the plan is blocked and never sent.
    ['migrate back with a path trick in a well-formed UPN', msg('migrate back ../a@fabrikam.com to b@contoso.com', {
      says: /^Not sent for approval: some checks failed\.[\s\S]*✖ The user exists on both tenants/, dryRunFor: '../a@fabrikam.com',
    })],
    ['notify users with a name, not a UPN', msg('notify users adele', { says: notAUpn })],
    ['notify users with someone not migrated', msg('notify users evil@example.com', { says: /Not in the identity map: evil@example\.com\./ })],
    ['notify users with 101 names', msg(`notify users ${Array.from({ length: 101 }, (_, i) => `u${i}@contoso.com`).join(', ')}`, { says: /That is 101 names; name at most 100, or use "notify users all"\./ })],
    ['sandbox inbox with no UPN', msg('sandbox inbox', { says: /^I can't use that\nGive one UPN\./ })],
    ['sandbox inbox with a name, not a UPN', msg('sandbox inbox nobody', { says: notAUpn })],
    ['cancel with no id', msg('cancel', { says: /Give the plan id shown on its card, e\.g\. p-7k3m9q2x\./ })],
    ['cancel with a path', msg('cancel ../../plans/p-00000000', { says: /Give the plan id shown on its card/ })],
    ['cancel a made-up plan id of the right shape', msg('cancel p-00000000', { says: /There is no plan p-00000000\./ })],
    ...(['-5', '0', '99999999999', 'ten', '1e3', '5 6', '2.5'] as const).map((n) => [
      `audit ${n}`, msg(`audit ${n}`, { says: /^I can't use that\nGive a number of entries from 1 to 200, a plan id, or "refusals"\.\nType: audit \[n \| ‹plan id› \| refusals \[n\]\]$/ }),
    ] as const),
  ] as const).map(([name, c]) => ({ group: 'bad UPNs, URLs, ids, numbers' as const, name, ...c })),

  // Oversized: a message of any size gets an answer that fits on a card; bodies are read whole.
  ...([
    ['100 KB of text', msg('x'.repeat(100_000), { says: /^I don't know a command for "x{80}…"\./ })],
    ['1 MB after a command', msg(`help ${'y'.repeat(1_000_000)}`, { says: /^I can't use that\nThis command takes nothing after it\.\nType: help$/ })],
    ['1 MB from a stranger (audited with the first 100 characters)', { send: ({ b }: Ctx) => b.message('z'.repeat(1_000_000), { person: user }), says: notAdmin, audit: 'refused.not-admin' }],
    // The three echoes below used to overflow the card budget and answer "Something went wrong".
    ['a 30 KB side for remove trust', msg(`remove trust ${'X'.repeat(30_000)}`, { says: /^I can't use that\n"x{60}…" is not a side/ })],
    ['30 KB before "for" in list redirects', msg(`list redirects ${'X'.repeat(30_000)} y`, { says: /not "X{60}…"\./ })],
    ['30 KB of scope for remove redirects', msg(`remove redirects source ${'X'.repeat(30_000)} y`, { says: /not "X{60}…"\./ })],
    ['a 30 KB site URL', msg(`remove redirects https://contoso-my.sharepoint.com/${'X'.repeat(30_000)}`, { says: /That URL is 300\d\d characters long: no SharePoint site URL is longer than 1000\./ })],
    // 100 UPNs of 254 characters, none migrated: the refusal lists them, cut short to fit the card.
    ['100 long unknown UPNs for notify users', msg(`notify users ${Array.from({ length: 100 }, (_, i) => `${'u'.repeat(240)}${String(i).padStart(2, '0')}@contoso.com`).join(' ')}`, {
      says: /^I can't use that\nNot in the identity map: u+00@contoso\.com, [\s\S]*… \(cut short\)$/,
    })],
    // Over the 1 MB an activity never comes near (bot/httpHygiene.ts): refused with 413 before it is parsed.
    ['a 5 MB body', { send: ({ b }: Ctx) => ({ raw: JSON.stringify(b.message('q'.repeat(5 * 1024 * 1024))) }), status: 413, silent: true }],
    ['a body that is not JSON', { send: () => ({ raw: '{"type": "message", ' }), status: 400, silent: true }],
    ['a JSON array as the body', { send: () => ({ raw: '[1,2,3]' }), status: 400, silent: true }],
    ['an empty body', { send: () => ({ raw: '' }), status: 400, silent: true }],
  ] as const).map(([name, c]) => ({ group: 'oversized' as const, name, ...c })),

  // adaptiveCard/action invokes that no card of ours sends: an error answer (400) or the card as it is,
  // audited as tampering; a real plan is never decided by them.
  ...([
    ['no value', { send: ({ b }: Ctx) => ({ ...b.invoke('approve', {}), value: undefined }), status: 400, says: /^Missing value property$/ }],
    // botbuilder reads value.action.type before our handler runs (ActivityHandler), and throws (reported).
    ['value not an object', { send: ({ b }: Ctx) => ({ ...b.invoke('approve', {}), value: 'approve' }), status: 501, generic: true }],
    ['no action', { send: ({ b }: Ctx) => ({ ...b.invoke('approve', {}), value: { trigger: 'manual' } }), status: 501, generic: true }],
    ['an Action.Submit instead of Action.Execute', { send: ({ b, plan }: Ctx) => ({ ...b.invoke('approve', {}, { person: approver }), value: { action: { type: 'Action.Submit', verb: 'approve', data: { planId: plan.planId, hash: plan.hash } } } }), status: 400, says: /^The action 'Action\.Submit' is not supported\.$/ }],
    ['a verb that is a number', { send: ({ b }: Ctx) => b.invoke(42, {}), status: 400, says: /^This button is not something I know\. Type help for what I can do\.$/, audit: 'refused.tampered' }],
    ['an unknown verb', { send: ({ b }: Ctx) => b.invoke('deleteEverything', {}), status: 400, says: /^This button is not something I know\./, audit: 'refused.tampered' }],
    ['data an array', { send: ({ b }: Ctx) => b.invoke('approve', [1, 2]), status: 400, says: new RegExp(`^${cannotUse}$`), audit: 'refused.tampered' }],
    ['data a string', { send: ({ b }: Ctx) => b.invoke('approve', 'p-00000000'), status: 400, says: new RegExp(`^${cannotUse}$`), audit: 'refused.tampered' }],
    ['data null', { send: ({ b }: Ctx) => b.invoke('approve', null, { person: approver }), status: 400, says: new RegExp(`^${cannotUse}$`), audit: 'refused.tampered' }],
    ['data with extra fields on a real plan (refresh)', {
      send: ({ b, plan }: Ctx) => b.invoke('refresh', { planId: plan.planId, hash: plan.hash, state: 'approved', approvedBy: 'x', items: ['https://evil.example/'] }, { person: approver }),
      says: /\nWaiting for approval\n/, never: /evil\.example/,
    }],
    ['a page below zero', { send: ({ b, plan }: Ctx) => b.invoke('page', { planId: plan.planId, page: -1 }), status: 400, says: new RegExp(`^${cannotUse}$`), audit: 'refused.tampered' }],
    ['a page of 10^12', { send: ({ b, plan }: Ctx) => b.invoke('page', { planId: plan.planId, page: 1e12 }), status: 400, says: new RegExp(`^${cannotUse}$`), audit: 'refused.tampered' }],
    ['a page past the last one', { send: ({ b, plan }: Ctx) => b.invoke('page', { planId: plan.planId, page: 99_999 }), says: /\nPage (\d+) of \1, \d+ in all\n/ }],
    ['a page of a list nobody saved', { send: ({ b }: Ctx) => b.invoke('page', { snapshotId: '00000000-0000-4000-8000-000000000000', page: 0 }), says: /^This list is no longer kept\n/ }],
    ['a page of a plan, from a stranger', { send: ({ b, plan }: Ctx) => b.invoke('page', { planId: plan.planId, page: 0 }, { person: user }), says: notAdmin, audit: 'refused.not-admin' }],
    ['approve a made-up plan id of the right shape', { send: ({ b }: Ctx) => b.invoke('approve', { planId: 'p-00000000', hash: 'a'.repeat(64) }, { person: approver }), says: /^I can't use that\nThere is no plan p-00000000\./ }],
    ['approve a real plan with a forged hash', {
      send: ({ b, plan }: Ctx) => b.invoke('approve', { planId: plan.planId, hash: 'f'.repeat(64) }, { person: approver }),
      says: /This card does not match stored plan p-\w+[\s\S]*\nWaiting for approval\n/, audit: 'refused.tampered',
    }],
    ['approve a real plan, by its requester (not an approver)', {
      send: ({ b, plan }: Ctx) => b.invoke('approve', { planId: plan.planId, hash: plan.hash }, { person: admin }),
      says: /^Only approvers \(APPROVER_IDS or APPROVER_GROUP_IDS\) can approve or reject plans\.\n[\s\S]*\nWaiting for approval\n/, audit: 'refused.not-approver',
    }],
    ['reject a real plan with a 600-character reason', {
      send: ({ b, plan }: Ctx) => b.invoke('reject', { planId: plan.planId, hash: plan.hash, reason: 'r'.repeat(600) }, { person: approver }), status: 400, says: new RegExp(`^${cannotUse}$`), audit: 'refused.tampered',
    }],
    ['retry a pending plan', {
      send: ({ b, plan }: Ctx) => b.invoke('retryFailed', { planId: plan.planId, hash: plan.hash }), says: /is pending: only a finished plan with failed items can be retried\.[\s\S]*\nWaiting for approval\n/,
    }],
    ['Check access, from a stranger', { send: ({ b }: Ctx) => b.invoke('checkAccess', { upn: 'a@contoso.com' }, { person: user }), says: notAdmin, audit: 'refused.not-admin' }],
    ['a suggestion button running a change command, from a stranger', { send: ({ b }: Ctx) => b.invoke('run', { command: 'remove redirects all' }, { person: user }), says: notAdmin, audit: 'refused.not-admin' }],
    ['a suggestion button of 501 characters', { send: ({ b }: Ctx) => b.invoke('run', { command: 'x'.repeat(501) }), status: 400, says: new RegExp(`^${cannotUse}$`), audit: 'refused.tampered' }],
    ['guidanceHelp with 10,000 characters of help text', {
      send: ({ b }: Ctx) => b.invoke('guidanceHelp', { campaignId: 'c-1', helpText: 'h'.repeat(10_000) }, { person: user }), status: 400, says: new RegExp(`^${cannotUse}$`), audit: 'refused.tampered',
    }],
    ['guidanceDone from someone who is not a migrated person', { send: ({ b }: Ctx) => b.invoke('guidanceDone', { campaignId: 'c-1' }, { person: user }), says: notAdmin, audit: 'refused.not-migrant' }],
    ['guidanceHelp from an admin, who is not a migrated person', { send: ({ b }: Ctx) => b.invoke('guidanceHelp', { campaignId: 'c-1', helpText: 'help' }), says: notAdmin, audit: 'refused.not-migrant' }],
  ] as const).map(([name, c]) => ({ group: 'malformed invokes' as const, name, ...c })),

  // Activities the bot does not use, or that lack what Teams always sends.
  ...([
    ...(['typing', 'event', 'messageReaction', 'conversationUpdate', 'messageUpdate', 'messageDelete', 'endOfConversation', 'bogus'] as const).map((type) => [
      `a ${type} activity`, { send: ({ b }: Ctx) => ({ ...b.message('remove trust'), type }), silent: true },
    ] as const),
    // No message extension here: botbuilder answers 501 Not Implemented, which Teams shows as an error.
    ['a message-extension query', { send: ({ b }: Ctx) => ({ ...b.message(''), type: 'invoke', name: 'composeExtension/query', value: {} }), status: 501, silent: true }],
    // botbuilder refuses it before the bot runs; its message is the body of the 500 (reported).
    ['no type at all', { send: ({ b }: Ctx) => ({ ...b.message('help'), type: undefined }), status: 500, silent: true }],
    ['no from', { send: ({ b }: Ctx) => ({ ...b.message('remove trust'), from: undefined }), says: /^Sorry, this is for migration admins[\s\S]*Your id: unknown$/, audit: 'refused.not-admin' }],
    // Nowhere to answer: the reply fails and is logged; the process carries on.
    ['no conversation', { send: ({ b }: Ctx) => ({ ...b.message('help'), conversation: undefined }), silent: true }],
    // conversation.tenantId alone names the tenant.
    ['no channelData', { send: ({ b }: Ctx) => ({ ...b.message('host urls'), channelData: undefined }), says: /^Cross-tenant host URLs/ }],
    ['a tenant not allowed', { send: ({ b }: Ctx) => b.message('help', { options: { tenantId: STRANGE_TENANT } }), silent: true, audit: 'refused.wrong-tenant' }],
    ['tenant fields that disagree', { send: ({ b }: Ctx) => b.message('help', { options: { channelDataTenantId: STRANGE_TENANT } }), silent: true, audit: 'refused.wrong-tenant' }],
    ['no tenant at all', { send: ({ b }: Ctx) => { const m = b.message('help'); return { ...m, conversation: { ...m.conversation!, tenantId: undefined as unknown as string }, channelData: {} }; }, silent: true, audit: 'refused.wrong-tenant' }],
    // An approval click from a tenant not allowed: no answer at all (501 to the client), no decision.
    ['approve a real plan from a tenant not allowed', {
      send: ({ b, plan }: Ctx) => b.invoke('approve', { planId: plan.planId, hash: plan.hash }, { person: approver, options: { tenantId: STRANGE_TENANT } }), status: 501, silent: true, audit: 'refused.wrong-tenant',
    }],
    // teamsBot.ts reads the text as a string before any of the routed code runs (reported).
    ['text that is a number', { send: ({ b }: Ctx) => ({ ...b.message(''), text: 42 as unknown as string }), generic: true }],
  ] as const).map(([name, c]) => ({ group: 'activity shapes' as const, name, ...c })),

  // Identity-map CSVs of every wrong kind: nothing is imported, the card says why.
  ...([
    ['binary garbage', { send: ({ b }: Ctx) => b.file(GARBAGE), says: csvRejected(/File: the file is not text \(it holds NUL bytes\)/), audit: 'identity-map.rejected' }],
    // The sandbox serves chat files as UTF-8 text, so its FF FE arrive as two U+FFFD: the NULs give it
    // away (the byte-order mark itself, as SharePoint sends it, is checked below the corpus).
    ['UTF-16 with its byte-order mark', { send: ({ b, map }: Ctx) => b.file(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(map, 'utf16le')])), says: csvRejected(/File: the file is not text \(it holds NUL bytes\): a workbook, or UTF-16 text\? Save it as CSV UTF-8/), audit: 'identity-map.rejected' }],
    ['UTF-16 without a byte-order mark', { send: ({ b, map }: Ctx) => b.file(Buffer.from(map, 'utf16le')), says: csvRejected(/File: the file is not text \(it holds NUL bytes\)/), audit: 'identity-map.rejected' }],
    ['a workbook named .csv, fileType xlsx', { send: ({ b }: Ctx) => b.file(WORKBOOK, { name: 'map.csv', fileType: 'xlsx' }), says: csvRejected(/File: the file is not text/), audit: 'identity-map.rejected' }],
    ['only a header line', {
      send: ({ b }: Ctx) => b.file('User,SourceTenantCompanyID,SourceUserUpn,TargetUserUpn,TargetUserEmail,UserType\n'),
      says: csvRejected(/Line 1, SourceTenantCompanyID: [^\n]*is not a GUID\nThe file takes no header line/), audit: 'identity-map.rejected',
    }],
    // The BOM is dropped (line 1 reads "User", not "\ufeffUser"): what is wrong is the header itself.
    ['a BOM, a header line, then good rows', {
      send: ({ b, map }: Ctx) => b.file(`\ufeffUser,SourceTenantCompanyID,SourceUserUpn,TargetUserUpn,TargetUserEmail,UserType\n${map}`),
      says: /: 1 problem\(s\)\.[\s\S]*\nLine 1, SourceTenantCompanyID: [^\n]*is not a GUID\n/, audit: 'identity-map.rejected',
    }],
    ['7 columns', { send: ({ b, map }: Ctx) => b.file(`${map.split('\n')[0]},extra\n`), says: csvRejected(/Line 1: expected 6 columns, found 7/), audit: 'identity-map.rejected' }],
    ['a quote never closed', { send: ({ b, map }: Ctx) => b.file(`User,"${map.split('\n')[0]!.slice(5)}\n${map}`), says: csvRejected(/Quote Not Closed/), audit: 'identity-map.rejected' }],
    ['an empty file', { send: ({ b }: Ctx) => b.file(''), says: csvRejected(/File: the file has no rows/), audit: 'identity-map.rejected' }],
    ['only blank lines', { send: ({ b }: Ctx) => b.file('\n\r\n   \n'), says: csvRejected(/File: the file has no rows/), audit: 'identity-map.rejected' }],
    ['a workbook name and type', { send: ({ b }: Ctx) => b.file(WORKBOOK, { name: 'map.xlsx', fileType: 'xlsx' }), says: /^I can't import that file\nmap\.xlsx is not a CSV file\./, audit: 'refused.identity-map-upload' }],
    ...([
      ['on another host', 'https://files.example.com/map.csv?tempauth=x'],
      ['on a look-alike host', 'https://fabrikam-my.sharepoint.com.example.net/download.aspx?tempauth=x'],
      ['over plain http', 'http://fabrikam-my.sharepoint.com/personal/avery/_layouts/15/download.aspx?tempauth=x'],
      ['with a javascript: scheme', 'javascript:alert(1)'],
    ] as const).map(([where, url]) => [`a download URL ${where}`, {
      send: ({ b, map }: Ctx) => b.file(map, { downloadUrl: url }), says: /^I can't import that file\nThe download link of map\.csv does not point at SharePoint/, audit: 'refused.identity-map-upload',
    }] as const),
    ['no download link', { send: ({ b }: Ctx) => ({ ...b.message(''), attachments: [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'map.csv' }] }), says: /Teams sent the file without a download link I can read\./, audit: 'refused.identity-map-upload' }],
    ['two files at once', { send: ({ b, map }: Ctx) => ({ ...b.message(''), attachments: [...b.file(map).attachments!, ...b.file(map).attachments!] }), says: /Send one file at a time/, audit: 'refused.identity-map-upload' }],
    ['from a stranger', { send: ({ b, map }: Ctx) => ({ ...b.file(map), from: b.message('', { person: user }).from }), says: notAdmin, audit: 'refused.identity-map-upload' }],
    ['in a group chat', {
      send: ({ b, map }: Ctx) => { const f = b.file(map); return { ...f, conversation: { ...f.conversation!, id: '19:group@thread.v2', conversationType: 'groupChat', isGroup: true } }; },
      says: /Send the identity map or the site map in your personal chat with me\./, audit: 'refused.identity-map-upload',
    }],
    // The name used to be echoed whole, overflowing the card ("Something went wrong").
    ['a 30,000-character file name, not .csv', { send: ({ b }: Ctx) => b.file('x', { name: `${'m'.repeat(30_000)}.xlsx`, fileType: 'xlsx' }), says: /^I can't import that file\nm{50}…m{24}\.xlsx is not a CSV file\./, audit: 'refused.identity-map-upload' }],
    // (A 30,000-character name does not get this far: the sandbox's content-disposition header overflows
    // and the answer is "did not answer (UND_ERR_HEADERS_OVERFLOW)".)
    ['a 300-character .csv name with garbage in it', { send: ({ b }: Ctx) => b.file(GARBAGE, { name: `${'m'.repeat(300)}.csv` }), says: /^Nothing was imported\nm{50}…m{25}\.csv: 1 problem\(s\)\.[\s\S]*File: the file is not text/, audit: 'identity-map.rejected' }],
  ] as const).map(([name, c]) => ({ group: 'CSV uploads' as const, name, ...c })),
];

/** What must never reach a person: a stack, an exception's name or text, a value printed raw. */
const LEAKS = /\n\s+at \S|\b(?:TypeError|ReferenceError|RangeError|SyntaxError|ZodError)\b|\[object Object\]|\bundefined\b|node_modules|Error: /;
const GENERIC = /^Something went wrong on my side\nNothing was changed\.[\s\S]*\nReference: [0-9a-f-]{36}$/;

let a: ApprovalBot;
let ctx: Ctx;
let changesBefore: SandboxChange[];
const dryRuns: string[] = [];

beforeAll(async () => {
  a = await startApprovalBot();
  const b = new BadInputBot(a);
  // One real plan, waiting for approval, for the forged clicks to aim at.
  const [reply] = await a.say('remove redirects');
  const approve = executeActions(cardIn(reply)).find((x) => x.verb === 'approve');
  if (!approve) throw new Error(`no plan card: ${cardText(cardIn(reply))}`);
  const data = approve.data as { planId: string; hash: string };
  const done = a.bot.sandbox!.scenario!.users.find((u) => u.status === 'completed' && !u.sourceUpn.includes("'"))!;
  ctx = { b, plan: { ...data, activityId: activityIdOf(a.connector, reply!) }, done, map: a.bot.sandbox!.identityMapCsv() };
  changesBefore = a.bot.sandbox!.changes();
}, 60_000);
afterAll(() => a?.close());

const groups = [...new Set(CASES.map((c) => c.group))].map((g) => `${CASES.filter((c) => c.group === g).length} ${g}`).join(', ');

describe(`bad-input corpus: ${CASES.length} cases (${groups})`, () => {
  it.each(CASES.map((c) => [`${c.group}: ${c.name}`, c] as const))('%s', async (_name, c) => {
    const auditBefore = (await a.audit()).length;
    const started = Date.now();
    const out: Outcome = await ctx.b.post(c.send(ctx));
    // Bad input is answered at once: nothing scans it for long (a regex on a pasted blob, a huge card).
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(out.status).toBe(c.status ?? 200);
    expect(await ctx.b.healthy()).toBe(200);
    // No stack in any HTTP body (botbuilder's own 400/500 bodies carry a one-line message at most).
    expect(out.body).not.toMatch(/\n\s+at \S/);

    const answer = [...out.replies, ...(out.invokeText !== undefined ? [out.invokeText] : [])].join('\n---\n');
    if (c.silent) {
      expect(answer).toBe('');
    } else if (c.generic) {
      expect(answer).toMatch(GENERIC);
    } else {
      expect(answer).not.toBe('');
      expect(answer).not.toMatch(/Something went wrong on my side/);
      expect(answer).not.toMatch(LEAKS);
      if (c.says) expect(answer).toMatch(c.says);
    }
    if (c.never) expect(answer).not.toMatch(c.never);

    const added = (await a.audit()).slice(auditBefore);
    if (c.audit) expect(added.map((e) => e.event)).toContain(c.audit);
    // A refusal's audit keeps what was typed short.
    for (const e of added) expect(JSON.stringify(e).length).toBeLessThan(2_000);
    // No case asks for a plan: a look-alike or chained command never reaches a planner.
    expect(added.map((e) => e.event)).not.toContain('plan.requested');
    if (c.dryRunFor) dryRuns.push(c.dryRunFor);
  }, 60_000);

  it(`after all ${CASES.length} cases: the tenants are unchanged and no plan was approved`, async () => {
    const changed = a.bot.sandbox!.changes().slice(changesBefore.length);
    // Only the refused validateOnly dry runs of migrate-back preflights, which the sandbox logs (reported).
    expect(changed).toEqual(dryRuns.map((upn) => expect.objectContaining({ method: 'CreateMoveTask', target: upn, outcome: 'error' })));
    expect(a.bot.sandbox!.changes().slice(0, changesBefore.length)).toEqual(changesBefore);
    const events = (await a.audit()).map((e) => e.event);
    for (const event of ['plan.approved', 'plan.rejected', 'plan.cancelled', 'plan.started', 'plan.finished', 'identity-map.imported']) expect(events).not.toContain(event);
    // The real plan the forged clicks aimed at is still waiting, with its own buttons.
    const [pending] = await a.say('pending', approver);
    expect(cardText(cardIn(pending))).toContain(`Plan: ${ctx.plan.planId}`);
    expect(cardText(cardIn(pending))).toContain('Waiting for approval');
  });
});

// The sandbox cannot serve the byte-order mark itself (see the corpus), so the upload handler is given
// the bytes SharePoint would send, straight from a downloader, with the rest of a bot around it.
describe('an identity map in UTF-16 with its byte-order mark, as SharePoint serves it', () => {
  it('is refused as UTF-16 text, audited, and nothing is imported', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pmb-utf16-'));
    try {
      const audited: unknown[] = [];
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ctx.map, 'utf16le')]);
      const services = {
        adminIds: new Set([admin.aadObjectId]), logger: silentLogger, view: { sandbox: true },
        roles: new RoleCheck({ adminIds: [admin.aadObjectId], approverIds: [], clock: systemClock, logger: silentLogger }),
        audit: { append: async (e: unknown) => { audited.push(e); } },
        identityMap: new IdentityMapFile(undefined, { storeDir: dir }),
        downloadFile: async () => Readable.from([utf16]),
      } as unknown as BotServices;
      const attachments = [{
        contentType: FILE_DOWNLOAD_INFO, name: 'map.csv',
        content: { downloadUrl: 'https://fabrikam-my.sharepoint.com/personal/avery_admin_fabrikam_com/_layouts/15/download.aspx?UniqueId=u&tempauth=t', fileType: 'csv' },
      }];
      const caller = callerOf(message('', admin, { tenantId: ctx.b.options.tenantId }));
      const text = cardText(await handleIdentityMapUpload({ attachments, caller, conversationType: 'personal' }, services));
      expect(text).toContain('map.csv: 1 problem(s).');
      expect(text).toContain('File: the file is UTF-16 text, not UTF-8. Save it as CSV UTF-8 (in PowerShell: Export-Csv -Encoding utf8) and send it again.');
      expect(audited).toEqual([expect.objectContaining({ event: 'identity-map.rejected', detail: { fileName: 'map.csv', errorCount: 1, reason: 'not-text' } })]);
      expect(existsSync(join(dir, STORED_IDENTITY_MAP))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
