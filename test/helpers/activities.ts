// Real Teams-shaped activities for the bot: channel msteams, tenant ids, aadObjectId on the sender.
import type { Activity } from 'botbuilder';

export interface Person { aadObjectId: string; teamsId: string; name: string }

export const BOT_ACCOUNT = { id: '28:post-migration-bot', name: 'Post-Migration Bot' };

export interface ActivityOptions {
  tenantId: string;
  /** Channel conversation: the text starts with the bot's @mention, with its mention entity. */
  inChannel?: boolean;
  /** Overrides channelData.tenant.id (to test the two tenant fields disagreeing). */
  channelDataTenantId?: string;
  serviceUrl?: string;
  conversationId?: string;
}

function base(from: Person, o: ActivityOptions): Partial<Activity> {
  return {
    channelId: 'msteams',
    serviceUrl: o.serviceUrl ?? 'https://smba.trafficmanager.net/amer/',
    from: { id: from.teamsId, name: from.name, aadObjectId: from.aadObjectId },
    recipient: { ...BOT_ACCOUNT },
    conversation: {
      id: o.conversationId ?? (o.inChannel ? '19:migration-channel@thread.tacv2' : `a:1personal-${from.aadObjectId}`),
      conversationType: o.inChannel ? 'channel' : 'personal',
      tenantId: o.tenantId,
      isGroup: Boolean(o.inChannel),
      name: '',
    },
    channelData: { tenant: { id: o.channelDataTenantId ?? o.tenantId } },
    locale: 'en-US',
  };
}

export function message(text: string, from: Person, o: ActivityOptions): Partial<Activity> {
  const activity: Partial<Activity> = { ...base(from, o), type: 'message', text, textFormat: 'plain' };
  if (o.inChannel) {
    const mention = `<at>${BOT_ACCOUNT.name}</at>`;
    activity.text = `${mention} ${text}`;
    activity.entities = [{ type: 'mention', text: mention, mentioned: { ...BOT_ACCOUNT } }];
  }
  return activity;
}

export function actionExecute(verb: string, data: unknown, from: Person, o: ActivityOptions): Partial<Activity> {
  return {
    ...base(from, o),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', title: verb, verb, data }, trigger: 'manual' },
  };
}

/** Teams' fileConsent/invoke: the person answered a file consent card (value as bots-filesv4 shows it). */
export function fileConsent(action: 'accept' | 'decline', context: unknown, uploadInfo: object | undefined, from: Person, o: ActivityOptions): Partial<Activity> {
  return {
    ...base(from, o),
    type: 'invoke',
    name: 'fileConsent/invoke',
    value: { type: 'fileUpload', action, context, ...(uploadInfo ? { uploadInfo } : {}) },
  };
}
