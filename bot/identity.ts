// The only reader of identity fields on activities: everything else gets plain values from here.
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';

export interface Caller {
  /** Entra object id; '' when the channel did not send one (then the caller is nobody's admin). */
  userId: string;
  /** Teams tenant the activity came from; '' when absent. */
  tenantId: string;
  name: string;
}

export function callerOf(activity: Partial<Activity>): Caller {
  const channelTenant = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return {
    userId: typeof activity.from?.aadObjectId === 'string' ? activity.from.aadObjectId.toLowerCase() : '',
    tenantId: String(activity.conversation?.tenantId ?? (typeof channelTenant === 'string' ? channelTenant : '')).toLowerCase(),
    name: activity.from?.name ?? '',
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
