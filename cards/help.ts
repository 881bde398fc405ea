import type template from './help.json';
import { renderCard, type Card, type CardView } from './render.js';
import { deepFreeze, loadTemplate } from './template.js';

export type { template as HelpTemplate };
export interface HelpCardData { commands: { usage: string; summary: string }[] }

/**
 * The help card never changes while the bot runs (it is the command table), and templating is most of a
 * `help` turn's cost: it is expanded once per table and view. Frozen, so whatever holds it can only read
 * it (a write would throw in this strict-mode code), and every turn can be handed the same object.
 */
const rendered = new Map<string, Card>();
/** Distinct tables and views seen; one or two in practice, the bound only guards a misuse. */
const RENDERED_KEPT = 8;
/**
 * The same data object asked for again (the help command's, every turn) finds its card without its
 * commands being serialised into a key each time; a new object is looked up by content.
 */
const byData = new WeakMap<HelpCardData, Map<boolean, Card>>();

export function renderHelpCard(data: HelpCardData, view: CardView): Card {
  let cards = byData.get(data);
  const known = cards?.get(view.sandbox);
  if (known) return known;
  const key = JSON.stringify([view.sandbox, data.commands]);
  let card = rendered.get(key);
  if (!card) {
    card = deepFreeze(renderCard(loadTemplate('help'), data, view));
    if (rendered.size >= RENDERED_KEPT) rendered.clear();
    rendered.set(key, card);
  }
  if (!cards) byData.set(data, (cards = new Map()));
  cards.set(view.sandbox, card);
  return card;
}
