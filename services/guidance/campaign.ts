// The guidance campaign's vocabulary. There is one first notice per person, ever: its records live under
// one campaign id, so asking again reaches only those who have not had it. Each reminder plan is a
// campaign of its own (once per person per reminder), and every card carries the first notice's id back,
// so Done on a reminder acknowledges the person, not the reminder.
import type { IdentityMapUser } from '../identityMap/identityMap.js';
import type { DirectoryUser, UserDrive } from '../tenants/types.js';

export const GUIDANCE_CAMPAIGN = 'guidance';

export function campaignOf(step: { reminder: boolean }, planId: string): string {
  return step.reminder ? `reminder-${planId}` : GUIDANCE_CAMPAIGN;
}

/** Everything one person's card says, as plain values; the bot's renderer turns it into the card. */
export interface GuidanceContent {
  /** What the card's buttons send back: the first notice's campaign id. */
  campaignId: string;
  name: string;
  targetUpn: string;
  targetEmail?: string;
  /** The new OneDrive (its Documents library), as the tenant names it. */
  oneDriveUrl: string;
  /** The personal site holding it (the sync client's webUrl). */
  siteUrl: string;
  sync?: { siteId?: string; webId?: string; listId?: string };
  /** Language hints in order of preference: Graph preferredLanguage, then the Teams locale. */
  languages: (string | undefined)[];
  /** False where the client is known not to open odopen:// links (web, mobile). */
  showSyncButton: boolean;
  /** Shown on the card once the person answered. */
  answered?: 'done' | 'help';
}

export type GuidanceRenderer = (content: GuidanceContent) => object;

export function guidanceContent(person: Pick<IdentityMapUser, 'targetEmail'> | { targetEmail?: string } | undefined, user: DirectoryUser, drive: UserDrive, extra: { locale?: string; showSyncButton?: boolean; answered?: 'done' | 'help' } = {}): GuidanceContent {
  return {
    campaignId: GUIDANCE_CAMPAIGN,
    name: user.displayName ?? user.userPrincipalName,
    targetUpn: user.userPrincipalName,
    targetEmail: person?.targetEmail || user.mail || undefined,
    oneDriveUrl: drive.webUrl,
    siteUrl: drive.siteUrl,
    sync: { siteId: drive.siteId, webId: drive.webId, listId: drive.listId },
    languages: [user.preferredLanguage, extra.locale],
    // Sent to people who never wrote to the bot, the client is unknown: the button goes with a line
    // saying it works on Teams for desktop, and the written steps stay for everyone.
    showSyncButton: extra.showSyncButton ?? true,
    answered: extra.answered,
  };
}
