// Text → one card. Exact command text first; otherwise the recogniser's reading. Non-admins are
// refused before anything is parsed or run. A guessed phrasing is only run for read-only commands:
// a tenant change always needs the exact words (or a button the person clicked).
import { renderClarifyCard } from '../cards/clarify.js';
import { renderNotAllowedCard } from '../cards/notAllowed.js';
import type { Card } from '../cards/render.js';
import type { BotServices } from './botServices.js';
import type { Command, CommandEntities } from './commands/command.js';
import { COMMANDS, findCommand, matchCommandText } from './commands/index.js';
import { errorCard } from './errorReplies.js';
import type { Caller } from './identity.js';
import { suggest, type Recognizer } from './nlu/recognizer.js';

export class CommandRouter {
  constructor(private readonly services: BotServices, private readonly recognizer: Recognizer) {}

  async route(rawText: string, caller: Caller): Promise<Card> {
    const view = this.services.view;
    const text = rawText.replace(/\s+/g, ' ').trim();
    if (!this.services.adminIds.has(caller.userId)) {
      this.services.logger.info({ userId: caller.userId }, 'command refused: caller is not an admin');
      return renderNotAllowedCard({ userId: caller.userId }, view);
    }
    try {
      const exact = matchCommandText(text);
      if (exact) return await this.run(exact.command, exact.argText, caller);
      const r = this.recognizer.recognize(text);
      const matched = r.kind === 'match' ? findCommand(r.command) : undefined;
      if (r.kind === 'match' && matched && (r.exact || !matched.changesTenant)) {
        return await this.run(matched, matched.argsFromEntities(r.entities), caller);
      }
      if (r.kind === 'match' && matched) return this.clarify('unsure', text, [matched.name], r.entities);
      if (r.kind === 'unsure') return this.clarify('unsure', text, r.candidates, r.entities);
      return renderClarifyCard({ kind: 'none', heard: text, suggestions: closeCommands(text) }, view);
    } catch (err) {
      return errorCard(err, this.services.logger, view);
    }
  }

  private async run(command: Command<any>, argText: string, caller: Caller): Promise<Card> {
    const args: unknown = command.parse(argText);
    this.services.logger.info({ command: command.name, userId: caller.userId }, 'running command');
    return command.run(args, { services: this.services, userId: caller.userId });
  }

  private clarify(kind: 'unsure', heard: string, names: readonly string[], entities: CommandEntities): Card {
    const suggestions = names
      .map((name) => findCommand(name))
      .filter((c): c is Command<any> => c !== undefined)
      .map((c) => `${c.name} ${c.argsFromEntities(entities)}`.trim());
    return renderClarifyCard({ kind, heard, suggestions }, this.services.view);
  }
}

/** Up to three commands whose words are a close misspelling of what was typed. */
function closeCommands(text: string): string[] {
  return suggest(text, COMMANDS.map((c) => c.name)).slice(0, 3);
}
