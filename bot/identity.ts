// The only reader of identity fields on activities: everything else gets plain values from here.
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { ConversationAddress, Person } from '../services/approvals/types.js';

export interface Caller {
  /** Entra object id; '' when the channel did not send one (then the caller is nobody's admin). */
  userId: string;
  /** Teams tenant the activity came from; '' when absent. */
  tenantId: string;
  name: string;
  /** Teams user id (29:…), needed for refresh.userIds on approval cards; '' when absent. */
  teamsId: string;
  /** The Teams client's locale (e.g. fr-FR), a hint for the language of a person's guidance. */
  locale?: string;
  /** The Teams client's platform when it says (entities clientInfo: Windows, Mac, Web, iOS, Android). */
  platform?: string;
  /** Where they wrote from: 'personal', 'groupChat' or 'channel' (files can only be sent in 'personal'). */
  conversationType?: string;
}

export function callerOf(activity: Partial<Activity>): Caller {
  const channelTenant = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return {
    userId: typeof activity.from?.aadObjectId === 'string' ? activity.from.aadObjectId.toLowerCase() : '',
    tenantId: String(activity.conversation?.tenantId ?? (typeof channelTenant === 'string' ? channelTenant : '')).toLowerCase(),
    name: activity.from?.name ?? '',
    teamsId: typeof activity.from?.id === 'string' ? activity.from.id : '',
    ...(typeof activity.locale === 'string' && activity.locale ? { locale: activity.locale } : {}),
    ...platformOf(activity),
    ...(conversationTypeOf(activity) ? { conversationType: conversationTypeOf(activity) } : {}),
  };
}

/**
 * Teams for desktop hands odopen:// links to the OneDrive client; the web and mobile clients don't. An
 * unknown client gets the button (with its "on Teams for desktop" line): the written steps stay anyway.
 */
export function opensSyncLinks(caller: Caller): boolean {
  return !caller.platform || /^(windows|mac)/i.test(caller.platform);
}

function platformOf(activity: Partial<Activity>): { platform?: string } {
  const info = activity.entities?.find((e) => e.type === 'clientInfo') as { platform?: unknown } | undefined;
  return typeof info?.platform === 'string' && info.platform ? { platform: info.platform } : {};
}

/** Teams' conversation kind: 'personal' (1:1 with the bot), 'groupChat' or 'channel'; '' when absent. */
export function conversationTypeOf(activity: Partial<Activity>): string {
  return activity.conversation?.conversationType ?? '';
}

/** The caller as the approval path records people. */
export function personOf(caller: Caller): Person {
  return { id: caller.userId, ...(caller.name ? { name: caller.name } : {}), ...(caller.teamsId ? { teamsId: caller.teamsId } : {}) };
}

/**
 * Where the activity came from, as plain values the services may store. For an invoke, activityId is the
 * message holding the clicked card (replyToId), so later edits replace that card.
 */
export function addressOf(activity: Partial<Activity>): ConversationAddress {
  const caller = callerOf(activity);
  return {
    conversationId: activity.conversation?.id ?? '',
    serviceUrl: activity.serviceUrl ?? '',
    ...(caller.tenantId ? { tenantId: caller.tenantId } : {}),
    ...(activity.channelId ? { channelId: activity.channelId } : {}),
    ...(activity.type === 'invoke' && activity.replyToId ? { activityId: activity.replyToId } : {}),
  };
}

/** Where to write back later (proactive messages, approvals). */
export function conversationRefOf(activity: Partial<Activity>): Partial<ConversationReference> {
  return TurnContext.getConversationReference(activity);
}

/**
 * Both tenant fields must agree with the allow-list when present; an activity naming no tenant at all
 * is refused too, since Teams always sends one.
 */
export function fromAllowedTenant(activity: Partial<Activity>, allowed: ReadonlySet<string>): boolean {
  const channelTenant = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const ids = [activity.conversation?.tenantId, channelTenant]
    .filter((x): x is string => typeof x === 'string' && x !== '')
    .map((x) => x.toLowerCase());
  return ids.length > 0 && ids.every((id) => allowed.has(id));
}
