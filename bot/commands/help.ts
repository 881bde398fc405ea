import { renderHelpCard } from '../../cards/help.js';
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
    run: async (_args, { services }) =>
      renderHelpCard({ commands: table().map((c) => ({ usage: c.usage, summary: c.summary })) }, services.view),
  };
}
