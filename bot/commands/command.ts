import { z } from 'zod';
import type { Card } from '../../cards/render.js';
import { InputError } from '../../services/errors.js';
import type { ConversationAddress } from '../../services/approvals/types.js';
import type { BotServices } from '../botServices.js';
import type { Caller } from '../identity.js';
import type { Entities } from '../nlu/recognizer.js';

/** What the recogniser extracted from free text; commands turn it back into their own argument text. */
export type CommandEntities = Entities;

export interface CommandContext {
  services: BotServices;
  userId: string;
  caller: Caller;
  /** Where the command was typed (a plan's card goes back there unless an approvals conversation is set). */
  address: ConversationAddress;
  /**
   * What a long read is doing now, one line per part ("Move states: 3,200 of 10,000 people read"): shown
   * on the card that stands in for the answer when it takes longer than a chat answer may.
   */
  progress: (text: string) => void;
}

/**
 * What a command answers: one card or several (each its own message). `posted` learns where each card
 * landed (by its index), so a plan card can be edited in place later.
 */
export interface Reply {
  cards: Card[];
  posted?: (address: ConversationAddress, index: number) => Promise<void>;
  /**
   * The answer is still being read: `cards` hold a card standing in for it, and once that card is sent,
   * `later` is told where it landed so the answer can replace it there.
   */
  later?: (where: ConversationAddress) => void;
}

export interface Command<A = unknown> {
  /** Canonical words, lower case, e.g. 'list redirects'. */
  name: string;
  usage: string;
  summary: string;
  /** false: approvers who are not admins may use it too (e.g. `pending`). */
  adminOnly: boolean;
  /** A command that changes a tenant never runs on a guessed phrasing. */
  changesTenant: boolean;
  /** The words after the command name → validated arguments; throws InputError that says what to type. */
  parse(argText: string): A;
  /** Argument text for a recognised phrasing, so it goes through parse() like typed text. */
  argsFromEntities(entities: CommandEntities): string;
  run(args: A, ctx: CommandContext): Promise<Card | Reply>;
}

export function asReply(result: Card | Reply): Reply {
  return 'cards' in result && Array.isArray(result.cards) ? result as Reply : { cards: [result as Card] };
}

export function words(argText: string): string[] {
  return argText.trim().split(/\s+/).filter(Boolean);
}

/** Words people put before a person's UPN without changing what they ask: "move status for alice@…". */
export const BEFORE_PERSON = ['for', 'of'] as const;

/** The argument words, without one leading word that only introduces them ("for alice@…", "plan p-…"). */
export function wordsAfter(argText: string, introducers: readonly string[]): string[] {
  const w = words(argText);
  return w.length > 1 && introducers.includes(w[0].toLowerCase()) ? w.slice(1) : w;
}

/** Validate with a schema; the first issue becomes the message, the usage line says what to type. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, usage: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InputError(result.error.issues[0]?.message ?? 'That is not something I can use.', { usage });
}

/** Longest UPN taken (as the identity-map import): no real one is longer, and the pattern below is
 * quadratic in a word full of dots, so a pasted blob must be refused before it is matched. */
export const UPN_MAX = 254;
/** No SharePoint site URL is longer (paths stop at 400 characters); a URL is quoted back on answers. */
export const SITE_URL_MAX = 1000;
// Apostrophes are legal in UPNs (sean.o'brien@…); quotes, brackets and separators are not.
export const upn = z.string()
  .max(UPN_MAX, { error: `That is not a UPN: it is longer than ${UPN_MAX} characters.`, abort: true })
  .regex(/^[^\s@<>",;]+@[^\s@<>"',;]+\.[^\s@<>"',;]{2,}$/, 'That is not a UPN: a UPN looks like name@company.com.');
/** A site URL as typed: https, a dotted host, no spaces; SharePoint's own limit on a URL's path is 400 characters. */
export const siteUrl = z.string()
  .max(SITE_URL_MAX, { error: `That is not a site URL: it is longer than ${SITE_URL_MAX} characters.`, abort: true })
  .regex(/^https:\/\/[^\s/?#]+\.[^\s/?#]+(\/[^\s?#]*)?$/i, 'That is not a site URL: a site URL looks like https://contoso.sharepoint.com/sites/name.');
export const side = z.enum(['source', 'target'], { error: (i) => `"${clip(String(i.input))}" is not a side: use source or target.` });

/** What a person typed, quoted back in a message: clipped, so a pasted blob never outgrows the card. */
export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
export const noArgs = (usage: string) => (argText: string): Record<string, never> => {
  if (words(argText).length > 0) throw new InputError(`This command takes nothing after it.`, { usage });
  return {};
};
