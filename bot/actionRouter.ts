// adaptiveCard/action invoke → verb handler → the card that replaces the clicked one. Data that does
// not validate, and verbs we do not know, get an error answer instead of a crash, and are audited: a
// card we drew never sends them, so someone made them up.
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue } from 'botbuilder';
import type { ConversationAddress } from '../services/approvals/types.js';
import type { BotServices } from './botServices.js';
import type { CommandRouter } from './commandRouter.js';
import { findAction } from './actions/index.js';
import { badInvokeResponse, cardInvokeResponse, errorCard } from './errorReplies.js';
import { personOf, type Caller } from './identity.js';
import { clickAnswer } from './replies.js';

export class ActionRouter {
  constructor(private readonly services: BotServices, private readonly commands: CommandRouter) {}

  async handle(value: AdaptiveCardInvokeValue, caller: Caller, address: ConversationAddress): Promise<AdaptiveCardInvokeResponse> {
    const verb = value.action?.verb;
    const action = typeof verb === 'string' ? findAction(verb) : undefined;
    if (!action) {
      this.services.logger.warn({ verb: String(verb).slice(0, 50), userId: caller.userId }, 'unknown card verb');
      await this.refuse(caller, { verb: String(verb).slice(0, 50), problem: 'unknown verb' });
      return badInvokeResponse('This button is not something I know. Type help for what I can do.');
    }
    const data = action.data.safeParse(value.action.data ?? {});
    if (!data.success) {
      const issues = data.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`.slice(0, 120));
      this.services.logger.warn({ verb, userId: caller.userId, issues }, 'card data rejected');
      await this.refuse(caller, { verb, issues });
      return badInvokeResponse('This card carries data I cannot use. Type the command again.');
    }
    const failed = (err: unknown) => errorCard(err, this.services.logger, this.services.view);
    try {
      // A click is answered in time too: past the budget, a reading card replaces the clicked one and the
      // action's own card replaces that when it is ready (a retry re-checking thousands of failed sites).
      const reply = await this.services.slowAnswers.answer(
        verb as string,
        async () => ({ cards: [await action.run(data.data, { services: this.services, commands: this.commands, caller, address })] }),
        failed,
      );
      return cardInvokeResponse(await clickAnswer(reply, address));
    } catch (err) {
      return cardInvokeResponse(failed(err));
    }
  }

  private async refuse(caller: Caller, detail: Record<string, unknown>): Promise<void> {
    await this.services.audit.append({ event: 'refused.tampered', actor: personOf(caller), detail });
  }
}
