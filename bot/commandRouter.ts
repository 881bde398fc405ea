// Text → a reply. Exact command text first; otherwise the recogniser's reading. Someone who is neither
// admin nor approver is refused before anything is parsed or run (and the refusal is audited); approvers
// reach only the commands open to them. A guessed phrasing is only run for read-only commands: a change
// always needs the exact words (or a button the person clicked).
import { renderClarifyCard } from '../cards/clarify.js';
import { renderNotAllowedCard } from '../cards/notAllowed.js';
import type { ConversationAddress } from '../services/approvals/types.js';
import type { BotServices } from './botServices.js';
import { asReply, type Command, type CommandEntities, type Reply } from './commands/command.js';
import { findCommand } from './commands/index.js';
import { interpret } from './interpret.js';
import { errorCard } from './errorReplies.js';
import type { Card } from '../cards/render.js';
import { opensSyncLinks, personOf, type Caller } from './identity.js';
import type { Recognizer } from './nlu/recognizer.js';

export class CommandRouter {
  constructor(private readonly services: BotServices, private readonly recognizer: Recognizer) {}

  async route(rawText: string, caller: Caller, address: ConversationAddress): Promise<Reply> {
    const view = this.services.view;
    const text = rawText.replace(/\s+/g, ' ').trim();
    // One membership read for the whole message (RoleCheck.forMessage).
    const roles = this.services.roles.forMessage(caller.userId);
    const admin = await roles.has('admin');
    if (!admin && !(await roles.has('approver'))) return this.ownGuidanceOrRefuse(caller, text);
    try {
      const what = interpret(text, this.recognizer);
      if (what.kind === 'run') {
        return await this.run(what.command, what.argText, caller, address, admin);
      }
      if (!admin) return this.refuse(caller, text);
      if (what.kind === 'offer') return this.confirm(text, what.names[0], what.entities);
      if (what.kind === 'unsure') return this.didYouMean('unsure', text, what.readOnly, what.changes, what.entities);
      return this.didYouMean('none', text, what.nearest, [], { upns: [], urls: [] });
    } catch (err) {
      return { cards: [errorCard(err, this.services.logger, view)] };
    }
  }

  private async run(command: Command<any>, argText: string, caller: Caller, address: ConversationAddress, admin: boolean): Promise<Reply> {
    if (command.adminOnly && !admin) return this.refuse(caller, command.name);
    const args: unknown = command.parse(argText);
    this.services.logger.info({ command: command.name, userId: caller.userId }, 'running command');
    return this.services.slowAnswers.answer(
      command.name,
      async (progress) => asReply(await command.run(args, { services: this.services, userId: caller.userId, caller, address, progress })),
      (err) => errorCard(err, this.services.logger, this.services.view),
    );
  }

  /** A migrated person who writes to the bot gets their own guidance again, whatever they wrote. */
  private async ownGuidanceOrRefuse(caller: Caller, text: string): Promise<Reply> {
    const desk = this.services.guidance?.desk;
    try {
      const migrant = desk ? await desk.whoIs(caller.userId) : null;
      const card = migrant ? await desk!.cardFor(migrant, { locale: caller.locale, showSyncButton: opensSyncLinks(caller) }) : null;
      if (card) return { cards: [card as Card] };
    } catch (err) {
      return { cards: [errorCard(err, this.services.logger, this.services.view)] };
    }
    return this.refuse(caller, text);
  }

  private async refuse(caller: Caller, text: string): Promise<Reply> {
    this.services.logger.info({ userId: caller.userId }, 'command refused: caller is not an admin');
    const denial = this.services.roles.denial('admin', caller.userId);
    await this.services.audit.append({ event: 'refused.not-admin', actor: personOf(caller), detail: { text: text.slice(0, 100), ...denial } });
    return { cards: [renderNotAllowedCard({ userId: caller.userId, denial }, this.services.view)] };
  }

  /** One changing command recognised from a sentence: offered with what it would do, never run. */
  private confirm(heard: string, name: string, entities: CommandEntities): Reply {
    const command = findCommand(name)!;
    const suggestions = [{ text: commandText(command, entities), line: command.summary }];
    return { cards: [renderClarifyCard({ kind: 'confirm', heard, suggestions, summary: command.summary }, this.services.view)] };
  }

  /** The nearest read-only commands with one line of what each shows; changing readings only as offers. */
  private didYouMean(kind: 'unsure' | 'none', heard: string, readOnly: readonly string[], changes: readonly string[],
    entities: CommandEntities): Reply {
    const line = (c: Command<any>) => (c.changesTenant ? `Changes something: plans it for approval. ${firstSentence(c.summary)}` : firstSentence(c.summary));
    const suggestions = [...readOnly, ...changes].map((name) => findCommand(name))
      .filter((c): c is Command<any> => c !== undefined)
      .map((c) => ({ text: commandText(c, entities), line: line(c) }));
    return { cards: [renderClarifyCard({ kind, heard, suggestions }, this.services.view)] };
  }
}

/** The command as it would run with what was said; its button sends exactly this text. */
function commandText(command: Command<any>, entities: CommandEntities): string {
  return `${command.name} ${command.argsFromEntities(entities)}`.trim();
}

/** A command's summary up to its first full stop: one line of what it shows. */
function firstSentence(summary: string): string {
  const end = summary.search(/\.(\s|$)/);
  return end < 0 ? summary : summary.slice(0, end + 1);
}

