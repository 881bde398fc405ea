// Moving people, sites and group sites back through the bot over HTTP: ask, approve, and follow the tracking
// card as the recording connector receives it (posted, then edited in place).
import { expect } from '@jest/globals';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import type { StartOverrides } from '../../bot/index.js';
import type { SandboxScenarioSite, SandboxScenarioUser } from '../../services/sandbox/types.js';
import type { ConnectorCall } from '../helpers/recordingConnector.js';
import { cardText, executeActions } from '../helpers/cards.js';
import { activityIdOf, cardIn, startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';

export const { admin, approver } = SANDBOX_PEOPLE;

/** Short moves, frequent polls: a move back takes about a second. */
export function regressionBot(overrides: StartOverrides = {}, env: Record<string, string> = {}): Promise<ApprovalBot> {
  return startApprovalBot({ SANDBOX_USERS: '12', ...env }, {
    pollIntervalMs: 100, editIntervalMs: 50, ...overrides,
    sandboxOptions: { moveDurationMs: 900, ...overrides.sandboxOptions },
  });
}

/** A completed user whose old OneDrive URL holds a plain redirect (not locked, held, or in the bin). */
export function plainUser(a: ApprovalBot, skip: string[] = []): SandboxScenarioUser {
  const s = a.bot.sandbox!.scenario!;
  const special = new Set([s.heldRedirectUrl, s.recycledRedirectUrl, ...(s.lockedRedirects ?? [])]);
  const user = s.users.find((u) => u.status === 'completed' && !special.has(u.sourceSiteUrl) && !u.sourceUpn.includes("'") && !skip.includes(u.sourceUpn));
  if (!user) throw new Error('no plain completed user in the scenario');
  return user;
}

/** A person, or a site or group site, of the scenario. */
export type Movable = SandboxScenarioUser | SandboxScenarioSite;
const isSite = (u: Movable): u is SandboxScenarioSite => 'kind' in u;

export const moveBackText = (u: Movable) => (isSite(u)
  ? `migrate back site ${u.targetSiteUrl} to ${u.sourceSiteUrl}`
  : `migrate back ${u.targetUpn} to ${u.sourceUpn}`);

/** The tracking card's title line. */
export const trackingTitle = (u: Movable) => (isSite(u)
  ? `Moving ${u.kind === 'group' ? 'group site' : 'site'} ${u.targetSiteUrl} back to ${u.sourceSiteUrl}`
  : `Moving ${u.targetUpn} back to ${u.sourceUpn}`);

export async function askMoveBack(a: ApprovalBot, u: Movable) {
  const [reply] = await a.say(moveBackText(u));
  const card = cardIn(reply);
  const approve = executeActions(card).find((b) => b.verb === 'approve');
  return { card, text: cardText(card), activityId: activityIdOf(a.connector, reply!), data: approve?.data as { planId: string; hash: string } | undefined };
}

export async function approveMoveBack(a: ApprovalBot, u: Movable) {
  const asked = await askMoveBack(a, u);
  if (!asked.data) throw new Error(`no Approve button on:\n${asked.text}`);
  const answer = await a.click('approve', asked.data, approver, asked.activityId);
  expect(cardText(answer.value)).toContain('Approved by Parker Approver');
  return asked;
}

const isTrackingOf = (u: Movable) => (c: ConnectorCall) => {
  const content = c.activity.attachments?.[0]?.content;
  return Boolean(content) && cardText(content).includes(trackingTitle(u));
};

/** A tracking card's state line (under its title; the timeline below it names every state, reached or not). */
export function trackingState(text: string): string {
  return text.split('\n').find((l) => /^(Requested|Redirect|Move|Moving|Access|Done|Failed)/.test(l) && !l.startsWith('Moving ')) ?? '';
}

/** The latest tracking card the connector received whose state line matches. */
export async function waitForTracking(a: ApprovalBot, u: Movable, state: RegExp, timeoutMs = 30_000): Promise<ConnectorCall> {
  return a.waitForCall((c) => isTrackingOf(u)(c) && state.test(trackingState(cardText(cardIn(c)))), timeoutMs);
}

/** Every tracking card message (posts) for this person, in order. */
export function trackingPosts(a: ApprovalBot, u: Movable): ConnectorCall[] {
  return a.connector.calls.filter((c) => c.method === 'POST' && isTrackingOf(u)(c));
}
