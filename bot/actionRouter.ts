// adaptiveCard/action invoke → verb handler → the card that replaces the clicked one. Data that does
// not validate, and verbs we do not know, get an error answer instead of a crash.
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue } from 'botbuilder';
import type { BotServices } from './botServices.js';
import type { CommandRouter } from './commandRouter.js';
import { findAction } from './actions/index.js';
import { badInvokeResponse, cardInvokeResponse, errorCard } from './errorReplies.js';
import type { Caller } from './identity.js';

export class ActionRouter {
  constructor(private readonly services: BotServices, private readonly commands: CommandRouter) {}

  async handle(value: AdaptiveCardInvokeValue, caller: Caller): Promise<AdaptiveCardInvokeResponse> {
    const verb = value.action?.verb;
    const action = typeof verb === 'string' ? findAction(verb) : undefined;
    if (!action) {
      this.services.logger.warn({ verb: String(verb).slice(0, 50), userId: caller.userId }, 'unknown card verb');
      return badInvokeResponse('This button is not something I know. Type help for what I can do.');
    }
    const data = action.data.safeParse(value.action.data ?? {});
    if (!data.success) {
      this.services.logger.warn({ verb, userId: caller.userId, issues: data.error.issues.map((i) => i.message) }, 'card data rejected');
      return badInvokeResponse('This card carries data I cannot use. Type the command again.');
    }
    try {
      return cardInvokeResponse(await action.run(data.data, { services: this.services, commands: this.commands, caller }));
    } catch (err) {
      return cardInvokeResponse(errorCard(err, this.services.logger, this.services.view));
    }
  }
}
