import { renderHelpCard, type HelpCardData } from '../../cards/help.js';
import type { Command } from './command.js';
import { noArgs } from './command.js';

/** Help is drawn from the command table itself, so it cannot drift from what actually runs. */
export function helpCommand(table: () => readonly Command[]): Command<Record<string, never>> {
  const usage = 'help';
  return {
    name: 'help',
    usage,
    summary: 'List the commands.',
    adminOnly: true,
    changesTenant: false,
    parse: noArgs(usage),
    argsFromEntities: () => '',
    run: async (_args, { services }) => renderHelpCard(helpData(table()), services.view),
  };
}

/**
 * The card's data, made once per table: the table is built once and never changes while the bot runs, so
 * every `help` hands the card renderer the same object and it finds its card by that alone.
 */
const madeFor = new WeakMap<readonly Command[], HelpCardData>();

function helpData(table: readonly Command[]): HelpCardData {
  let data = madeFor.get(table);
  if (!data) {
    data = { commands: table.map((c) => ({ usage: c.usage, summary: c.summary })) };
    madeFor.set(table, data);
  }
  return data;
}
