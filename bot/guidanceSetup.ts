// The guidance campaign, composed: per-person records, the conversation book, the Teams pacing limiters
// (one set per process: every sender of this bot shares the same budget), the send-guidance step for the
// job runner, the desk people talk to, and the planners. Only this file knows how a GuidanceContent
// becomes a card (or, for people Teams cannot reach, an e-mail) and where a help request is posted.
import type { Knowledge } from '../services/knowledge/knowledge.js';
import type { TenantSide } from '../services/tenants/types.js';
import { renderGuidanceCard } from '../cards/guidance.js';
import { renderGuidanceMail } from '../cards/guidanceMail.js';
import { renderHelpRequestCard } from '../cards/helpRequest.js';
import { renderSiteNoticeCard } from '../cards/siteNotice.js';
import type { Card, CardView } from '../cards/render.js';
import type { AuditLog, ConversationAddress, Person, Plan } from '../services/approvals/types.js';
import { ConfigError } from '../services/errors.js';
import type { GuidanceContent, GuidanceRenderer } from '../services/guidance/campaign.js';
import { campaignRecords, campaignStatus, siteOwnersStatus, type CampaignStatus } from '../services/guidance/campaignStatus.js';
import { acknowledgeSiteNotice, siteNoticeContent, SiteNoticeIndex, type SiteNoticeRenderer } from '../services/guidance/siteNotice.js';
import { createSiteNoticeStep, type SendSiteNoticeStep } from '../services/guidance/siteNoticeStep.js';
import { planNotifySiteOwners, type SiteOwnersScope } from '../services/guidance/siteOwnersPlan.js';
import type { SiteMapFile } from '../services/identityMap/siteMap.js';
import { ConversationBook } from '../services/guidance/conversationBook.js';
import { GuidanceDesk } from '../services/guidance/guidanceDesk.js';
import { createGuidanceStep, type SendGuidanceStep, type StepResult } from '../services/guidance/guidanceStep.js';
import { planNotifyUsers, planRemindUsers, type NotifyScope } from '../services/guidance/notifyPlan.js';
import type { GuidanceSender } from '../services/guidance/ports.js';
import { RecipientStore, type RecipientRecord } from '../services/guidance/recipientStore.js';
import { createTeamsLimits } from '../services/guidance/teamsRateLimit.js';
import type { IdentityMap, IdentityMapFile } from '../services/identityMap/identityMap.js';
import type { Clock, KeyValueStore, Logger } from '../services/ports.js';
import type { TenantClients } from './tenantSetup.js';

export interface GuidanceOptions {
  sender: GuidanceSender;
  /** The target tenant's Entra id: conversations are opened there. */
  targetTenantId: string;
  /** TEAMS_APP_ID (the sandbox has a catalog id of its own). */
  catalogAppId?: string;
  /** GUIDANCE_MAIL_FROM: the target tenant's mailbox the e-mail fallback sends from; unset, nobody is e-mailed. */
  mailFrom?: string;
}

export interface GuidanceDeps extends GuidanceOptions {
  store: KeyValueStore;
  clock: Clock;
  logger: Logger;
  tenants: TenantClients;
  identityMap: IdentityMapFile;
  /** The moved sites: their owners are told through the same campaign machinery. */
  siteMap?: SiteMapFile;
  /** Move states: campaigns are planned from the ledger, a help request reads its person now. */
  knowledge: Pick<Knowledge, 'moveStatesOf' | 'moveStateOf'>;
  audit: AuditLog;
  view: CardView;
  /** Posts a card as a new message (the messenger). */
  post(address: ConversationAddress, card: Card): Promise<string>;
  /** APPROVALS_CONVERSATION_ID with the connector URL last seen, when both are known. */
  approvalsAddress(): Promise<ConversationAddress | undefined>;
}

export interface GuidanceServices {
  desk: GuidanceDesk;
  conversations: ConversationBook;
  sendGuidance(step: SendGuidanceStep, run: { planId: string; runId: string }): Promise<StepResult>;
  planNotify(scope: NotifyScope, by: Person, progress?: (text: string) => void): Promise<Plan>;
  planRemind(by: Person): Promise<Plan>;
  /** Tells one owner of one moved site (the send-site-notice step). */
  sendSiteNotice(step: SendSiteNoticeStep, run: { planId: string; runId: string }): Promise<StepResult>;
  planSiteOwners(scope: SiteOwnersScope, by: Person, progress?: (text: string) => void): Promise<Plan>;
  /** The card the plan's first owner would get, drawn without sending it. */
  siteNoticePreview(step: SendSiteNoticeStep): Promise<Card | null>;
  /** "Got it" on an owner's card, by the Entra id of the click: the card with the thanks, or null when they were not told. */
  acknowledgeSite(campaignId: string, aadObjectId: string): Promise<Card | null>;
  status(): Promise<CampaignStatus>;
  /** Everyone in the identity map with their record, by lower-case target UPN (the per-person export). */
  records(): Promise<{ map: IdentityMap; records: Map<string, RecipientRecord> }>;
  /** The card the plan's first person would get, for the approver to see before approving. */
  preview(targetUpn: string): Promise<Card | null>;
  /** Where help requests go when no approvals conversation is set: the chat the campaign was asked in. */
  rememberDesk(address: ConversationAddress): Promise<void>;
}

const DESK_KEY = 'guidance/helpDesk';

/** The sandbox's Teams has no app catalog: any id installs; this one stands for the uploaded app. */
export const SANDBOX_TEAMS_APP_ID = '3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';

/**
 * Where to open chats with people who never wrote to the bot. The Agents SDK's
 * TeamsProactiveServiceEndpoints says to prefer a serviceUrl Teams already sent (it names the tenant's
 * region) and to fall back on the public global endpoint only without one: so do we. The simulated
 * tenants serve their own connector.
 */
export const PUBLIC_GLOBAL_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';
export function campaignServiceUrl(sandboxConnectorUrl: string | undefined, lastSeen: string | undefined): string {
  return sandboxConnectorUrl ?? lastSeen ?? PUBLIC_GLOBAL_SERVICE_URL;
}

export function createGuidance(d: GuidanceDeps): GuidanceServices {
  const recipients = new RecipientStore(d.store);
  const conversations = new ConversationBook(d.store);
  const render: GuidanceRenderer = (c) => renderGuidanceContent(c, d.view);
  const imported = () => importedMap(d.identityMap);
  const desk = new GuidanceDesk({
    target: d.tenants.target, moveStateOf: (upn) => d.knowledge.moveStateOf(upn), identityMap: () => d.identityMap.load(),
    recipients, render, audit: d.audit, clock: d.clock, logger: d.logger,
    postHelp: async (request) => {
      const where = await d.approvalsAddress() ?? (await d.store.read([DESK_KEY]))[DESK_KEY]?.address as ConversationAddress | undefined;
      if (!where) {
        d.logger.warn({ upn: request.targetUpn }, 'help request recorded but not posted: no approvals conversation and no campaign chat known yet');
        return;
      }
      await d.post(where, renderHelpRequestCard(request, d.view));
    },
  });
  const mailFrom = d.mailFrom;
  const limits = createTeamsLimits();
  const siteIndex = new SiteNoticeIndex(d.store);
  const renderSite: SiteNoticeRenderer = (c) => renderSiteNoticeCard(c, d.view);
  const siteMap = async () => {
    if (!d.siteMap) throw new ConfigError('No site map is set: send one in chat or set SITE_MAP_PATH, then ask again.');
    return d.siteMap.load();
  };
  const sendSiteNotice = d.catalogAppId
    ? createSiteNoticeStep({
      target: d.tenants.target, targetTenantId: d.targetTenantId, catalogAppId: d.catalogAppId, sender: d.sender,
      recipients, index: siteIndex, conversations, limits, render: renderSite, clock: d.clock, logger: d.logger,
    })
    : async (): Promise<StepResult> => ({ state: 'failed', reason: NO_APP_ID });
  const sendGuidance = d.catalogAppId
    ? createGuidanceStep({
      target: d.tenants.target, targetTenantId: d.targetTenantId, catalogAppId: d.catalogAppId, sender: d.sender,
      recipients, conversations, limits, render, clock: d.clock, logger: d.logger,
      mail: mailFrom ? { from: mailFrom, render: (c) => renderGuidanceMail({ name: c.name, targetUpn: c.targetUpn, oneDriveUrl: c.oneDriveUrl }, c.languages) } : undefined,
    })
    : async (): Promise<StepResult> => ({ state: 'failed', reason: NO_APP_ID });
  const planInput = async (by: Person, progress?: (text: string) => void) => ({
    identityMap: await imported(), recipients, requestedBy: by, now: d.clock.now(), mailFrom,
    moveStates: (side: TenantSide, upns: readonly string[]) => d.knowledge.moveStatesOf(side, upns, progress),
  });
  return {
    desk, conversations, sendGuidance,
    planNotify: async (scope, by, progress) => { requireAppId(d.catalogAppId); return planNotifyUsers({ ...await planInput(by, progress), scope }); },
    planRemind: async (by) => { requireAppId(d.catalogAppId); return planRemindUsers(await planInput(by)); },
    sendSiteNotice,
    planSiteOwners: async (scope, by, progress) => {
      requireAppId(d.catalogAppId);
      const target = d.tenants.target;
      if (!target.getSiteOwners) throw new ConfigError('This tenant client cannot read site owners.');
      return planNotifySiteOwners({
        siteMap: await siteMap(), recipients, requestedBy: by, now: d.clock.now(), scope,
        ownersOf: (site) => target.getSiteOwners!(site),
        moveStates: (side, keys) => d.knowledge.moveStatesOf(side, keys, progress),
      });
    },
    siteNoticePreview: async (step) => {
      const owner = await d.tenants.target.getUser(step.targetUpn);
      return owner ? renderSite(siteNoticeContent(step, owner)) as Card : null;
    },
    acknowledgeSite: async (campaignId, aadObjectId) => {
      const content = await acknowledgeSiteNotice({ target: d.tenants.target, recipients, siteMap, now: () => d.clock.now() }, campaignId, aadObjectId);
      if (!content) return null;
      await d.audit.append({ event: 'site-notice.done', actor: { id: aadObjectId, name: content.name }, detail: { campaignId, site: content.targetSiteUrl, owner: content.targetUpn } });
      return renderSite(content) as Card;
    },
    status: async () => {
      const status = await campaignStatus(await d.identityMap.load(), recipients);
      const sites = d.siteMap ? await d.siteMap.load() : undefined;
      return sites?.entries.length ? { ...status, siteOwners: await siteOwnersStatus(sites, siteIndex, recipients) } : status;
    },
    records: async () => {
      const map = await d.identityMap.load();
      return { map, records: await campaignRecords(map, recipients) };
    },
    preview: async (targetUpn) => {
      const m = await desk.whoIs(targetUpn);
      return m ? await desk.cardFor(m) as Card | null : null;
    },
    rememberDesk: async (address) => {
      const { activityId: _a, ...chat } = address;
      await d.store.write({ [DESK_KEY]: { address: chat } });
    },
  };
}

const NO_APP_ID = 'TEAMS_APP_ID is not set: the bot cannot be installed for people, so it cannot message them. Set it to the app id of the uploaded Teams app and restart.';

function requireAppId(id: string | undefined): void {
  if (!id) throw new ConfigError(NO_APP_ID);
}

/** A campaign reads the map all or nothing: half a file must not decide who is told. */
async function importedMap(file: IdentityMapFile): Promise<IdentityMap> {
  const result = await file.import();
  if (result.ok) return result.map;
  const shown = result.errors.slice(0, 5).map((e) => `line ${e.line}: ${e.reason}`).join('; ');
  throw new ConfigError(`The identity map has ${result.errorCount} bad row(s), so nobody is notified until it is fixed (${shown}${result.errorCount > 5 ? '; …' : ''}).`);
}

function renderGuidanceContent(c: GuidanceContent, view: CardView): Card {
  return renderGuidanceCard({
    campaignId: c.campaignId, name: c.name, targetUpn: c.targetUpn, targetEmail: c.targetEmail,
    oneDriveUrl: c.oneDriveUrl, siteUrl: c.siteUrl, sync: c.sync, showSyncButton: c.showSyncButton, answered: c.answered,
  }, c.languages, view);
}
