// What migrated people themselves can do with the bot: get their own guidance by writing to it, mark it
// done, or ask for help. A person is known by the Entra object id Teams sends with every activity, looked
// up on the target tenant and in the identity map: never by anything a card carries.
import { findByTarget, type IdentityMap, type IdentityMapUser } from '../identityMap/identityMap.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import type { Clock, Logger } from '../ports.js';
import type { AuditLog } from '../approvals/types.js';
import type { DirectoryUser, TenantClientApi } from '../tenants/types.js';
import { GUIDANCE_CAMPAIGN, guidanceContent, type GuidanceRenderer } from './campaign.js';
import type { RecipientStore } from './recipientStore.js';
import { inWords } from '../stateWords.js';

export interface HelpRequest {
  name: string;
  targetUpn: string;
  sourceUpn: string;
  email?: string;
  /** The move as the source tenant (or the record kept before trust removal) reports it. */
  moveState: string;
  /** When the move finished, if it did. */
  moveFinishedAt?: string;
  /** When the guidance card went out, if it did. */
  sentAt?: string;
  text: string;
  at: string;
}

export interface GuidanceDeskDeps {
  target: Pick<TenantClientApi, 'getUser' | 'getUserDrive'>;
  /** One person's move, read now and kept in the ledger (or as recorded before trust removal). */
  moveStateOf: Knowledge['moveStateOf'];
  identityMap: () => Promise<IdentityMap>;
  recipients: RecipientStore;
  render: GuidanceRenderer;
  /** Tells the migration team (the approvals conversation); the bot draws the card. */
  postHelp: (request: HelpRequest) => Promise<void>;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
}

export interface Migrant { person: IdentityMapUser; user: DirectoryUser }

/** Teams retries a slow invoke; the same words again this soon are that retry, not a second request. */
const SAME_HELP_WINDOW_MS = 10 * 60_000;
export const MAX_HELP_TEXT = 1000;

export class GuidanceDesk {
  constructor(private readonly d: GuidanceDeskDeps) {}

  /** The migrated person behind an Entra object id, or null for anyone else. */
  async whoIs(aadObjectId: string): Promise<Migrant | null> {
    if (!aadObjectId) return null;
    const user = await this.d.target.getUser(aadObjectId);
    if (!user) return null;
    const person = findByTarget(await this.d.identityMap(), user.userPrincipalName);
    return person ? { person, user } : null;
  }

  /** Their guidance card, as the campaign sends it; null when they have no OneDrive on the target yet. */
  async cardFor(m: Migrant, extra: { locale?: string; showSyncButton?: boolean } = {}): Promise<object | null> {
    const drive = await this.d.target.getUserDrive(m.user.id);
    if (!drive) return null;
    const record = (await this.d.recipients.get(GUIDANCE_CAMPAIGN, m.person.targetUpn))?.record;
    const answered = record?.state === 'done' || record?.state === 'help' ? record.state : undefined;
    return this.d.render(guidanceContent(m.person, m.user, drive, { ...extra, answered }));
  }

  /** Done: recorded and audited; the card they clicked comes back with the thanks on it. */
  async done(m: Migrant, extra: { locale?: string; showSyncButton?: boolean } = {}): Promise<object | null> {
    await this.d.recipients.acknowledge(GUIDANCE_CAMPAIGN, m.person.targetUpn, 'done', this.d.clock.now());
    await this.d.audit.append({ event: 'guidance.done', actor: { id: m.user.id, name: m.user.displayName }, detail: { upn: m.person.targetUpn } });
    return this.cardFor(m, extra);
  }

  /** I need help: recorded, audited, and posted with their details and move state to the migration team. */
  async help(m: Migrant, text: string, extra: { locale?: string; showSyncButton?: boolean } = {}): Promise<object | null> {
    const now = this.d.clock.now();
    const words = text.trim().slice(0, MAX_HELP_TEXT);
    const before = (await this.d.recipients.get(GUIDANCE_CAMPAIGN, m.person.targetUpn))?.record;
    const repeat = before?.help?.text === words && now.getTime() - Date.parse(before.help.at) < SAME_HELP_WINDOW_MS;
    await this.d.recipients.acknowledge(GUIDANCE_CAMPAIGN, m.person.targetUpn, 'help', now, words);
    if (!repeat) {
      await this.d.audit.append({ event: 'guidance.help', actor: { id: m.user.id, name: m.user.displayName }, detail: { upn: m.person.targetUpn, text: words } });
      await this.d.postHelp({
        name: m.user.displayName ?? m.person.targetUpn, targetUpn: m.person.targetUpn, sourceUpn: m.person.sourceUpn,
        email: m.person.targetEmail || m.user.mail, ...await this.moveStateText(m.person.sourceUpn),
        sentAt: before?.state === 'sent' || before?.state === 'done' || before?.state === 'help' ? before.updatedAt : undefined,
        text: words, at: now.toISOString(),
      });
    }
    return this.cardFor(m, extra);
  }

  private async moveStateText(sourceUpn: string): Promise<Pick<HelpRequest, 'moveState' | 'moveFinishedAt'>> {
    try {
      const { state, recordedAt } = await this.d.moveStateOf(sourceUpn);
      const text = state ? inWords(state.status) : 'no move found';
      const moveFinishedAt = state?.finishedDateTime ?? undefined;
      return { moveState: recordedAt ? `${text}, as recorded before trust removal` : text, moveFinishedAt };
    } catch (err) {
      this.d.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'move state unreadable for a help request');
      return { moveState: 'could not be read' };
    }
  }
}
