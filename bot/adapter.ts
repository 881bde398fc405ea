// CloudAdapter with botbuilder's own configuration reader, fed the whole environment so its documented
// keys (app type, tenant, certificate, OpenID metadata overrides…) work without us naming them.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { CardView } from '../cards/render.js';
import type { Logger } from '../services/ports.js';
import { errorCard } from './errorReplies.js';

export function createAdapter(env: Readonly<Record<string, string | undefined>>, logger: Logger, view: CardView): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication(env as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    // errorCard logs the detail under a correlation id and shows the person only that id.
    const card = errorCard(error, logger.child({ activityType: context.activity.type }), view);
    try {
      await context.sendActivity(MessageFactory.attachment({ contentType: 'application/vnd.microsoft.card.adaptive', content: card }));
    } catch (sendError) {
      logger.error({ err: { message: sendError instanceof Error ? sendError.message : String(sendError) } }, 'could not send the error card');
    }
  };
  return adapter;
}
