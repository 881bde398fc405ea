// One way to turn a template and data into a card: copy, expand, then enforce what Teams needs
// (Universal Actions need schema 1.4+, we use 1.5) and what we promise (a size budget, and the
// sandbox banner on every card so nobody mistakes a rehearsal for the real tenants).
import * as ACData from 'adaptivecards-templating';
import type sandboxBannerJson from './sandboxBanner.json';
import { loadTemplate, type CardTemplate } from './template.js';

export type Card = Record<string, unknown> & { type: 'AdaptiveCard'; version: string; body: unknown[] };

/** What every renderer needs to know about where and when the card is shown. */
export interface CardView {
  sandbox: boolean;
  /** The bot's clock: ages on a card ("3 min ago") are worked out when it is rendered. Default: the system time. */
  now?: () => Date;
}

/** The moment a card is rendered, by the view's clock. */
export function renderTime(view: CardView): Date {
  return view.now?.() ?? new Date();
}

export const CARD_VERSION = '1.5';
/** Teams takes more, but a card past this is a list that should have been paged. */
export const CARD_BUDGET_BYTES = 28 * 1024;

export function renderCard(template: CardTemplate, data: object, view: CardView): Card {
  const copy = structuredClone(template) as Record<string, unknown>;
  const card = new ACData.Template(copy).expand({ $root: visibleBrackets(data) }) as Card;
  if (card.type !== 'AdaptiveCard') throw new Error('template is not an Adaptive Card');
  card.version = CARD_VERSION;
  card.body = Array.isArray(card.body) ? card.body : [];
  if (view.sandbox) card.body = [sandboxBanner(), ...card.body];
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (bytes > CARD_BUDGET_BYTES) {
    throw new Error(`card is ${bytes} bytes, over the ${CARD_BUDGET_BYTES}-byte budget: page the list`);
  }
  return card;
}

/**
 * Teams' card renderer treats `<…>` in text as HTML and drops it, so "move status <upn>" showed as
 * "move status " (seen in the Agents Playground). Every string handed to a template gets single
 * angle quotes instead; this also keeps text typed by a person or sent by a tenant from carrying markup.
 */
export function visibleBrackets<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/</g, '‹').replace(/>/g, '›') as T;
  if (Array.isArray(value)) return value.map(visibleBrackets) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visibleBrackets(v)])) as T;
  }
  return value;
}

function sandboxBanner(): unknown {
  const banner: typeof sandboxBannerJson = structuredClone(loadTemplate('sandboxBanner')) as typeof sandboxBannerJson;
  return banner;
}
