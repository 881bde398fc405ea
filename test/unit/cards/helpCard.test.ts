import { describe, expect, it } from '@jest/globals';
import type { BotServices } from '../../../bot/botServices.js';
import type { Command, CommandContext } from '../../../bot/commands/command.js';
import { helpCommand } from '../../../bot/commands/help.js';
import { renderHelpCard } from '../../../cards/help.js';
import type { CardView } from '../../../cards/render.js';
import { cardText } from '../../helpers/cards.js';

const SANDBOX: CardView = { sandbox: true };
const LIVE: CardView = { sandbox: false };

/** A table entry with only what help reads. */
const entry = (usage: string, summary: string) => ({ usage, summary }) as Command;

/** Help reads only the card view from the services. */
const contextWith = (view: CardView) => ({ services: { view } as BotServices }) as CommandContext;

describe('help card', () => {
  it('shows the commands of the data it is given, each view its own card, however often it was asked before', () => {
    const first = { commands: [{ usage: 'alpha', summary: 'The first command.' }] };
    const second = { commands: [{ usage: 'beta', summary: 'The second command.' }] };
    for (let i = 0; i < 3; i++) renderHelpCard(first, SANDBOX);
    expect(cardText(renderHelpCard(second, SANDBOX))).toMatch(/beta[\s\S]*The second command\./);
    expect(cardText(renderHelpCard(second, SANDBOX))).not.toContain('alpha');
    expect(cardText(renderHelpCard(first, SANDBOX))).toMatch(/Simulated tenants/);
    expect(cardText(renderHelpCard(first, LIVE))).not.toMatch(/Simulated tenants/);
    expect(cardText(renderHelpCard(first, LIVE))).toContain('alpha');
  });

  it('lists the commands of the table the help command reads, a new table as soon as it is there', async () => {
    let table: readonly Command[] = [entry('help', 'List the commands.'), entry('status', 'The dashboard.')];
    const help = helpCommand(() => table);
    expect(cardText(await help.run({}, contextWith(LIVE)))).toMatch(/status[\s\S]*The dashboard\./);
    table = [...table, entry('refresh', 'Read the tenants again now.')];
    expect(cardText(await help.run({}, contextWith(LIVE)))).toMatch(/refresh[\s\S]*Read the tenants again now\./);
  });
});
