// What "readable" means on a card, as checks the tests share: no instant outside DATE()/TIME(), those
// only where Teams formats them (TextBlock text) and in the strict form it requires, no state codes.
import { cardText } from './cards.js';

const INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const FUNCTION = /\{\{(DATE|TIME)\(([^)]*)\)\}\}/g;
/** The forms Teams formats: RFC 3339 to the second in UTC; DATE with SHORT. */
const VALID = /^\{\{(DATE\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z, SHORT\)|TIME\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\))\}\}$/;
/** State codes as tenants and services write them. */
export const STATE_CODES = ['inProgress', 'notStarted', 'GoodToProceed', 'NotEstablished', 'Unlock', 'NoAccess', 'ReadOnly'];

/** Problems with how the card shows instants; empty when every one is a valid DATE()/TIME() in a TextBlock. */
export function instantProblems(card: unknown): string[] {
  const problems: string[] = [];
  walk(card, (node) => {
    const isTextBlock = node.type === 'TextBlock';
    for (const [key, value] of Object.entries(node)) {
      if (typeof value !== 'string' || !['text', 'value', 'title'].includes(key)) continue;
      const functions = value.match(FUNCTION) ?? [];
      if (functions.length > 0 && !(isTextBlock && key === 'text')) problems.push(`DATE/TIME outside TextBlock text: ${value}`);
      for (const f of functions) if (!VALID.test(f)) problems.push(`not a form Teams formats: ${f}`);
      if (INSTANT.test(value.replace(FUNCTION, ''))) problems.push(`raw instant: ${value}`);
    }
  });
  return problems;
}

/** State codes the card shows as they are. */
export function stateCodes(card: unknown): string[] {
  const words = new Set(cardText(card).split(/[^A-Za-z]+/));
  return STATE_CODES.filter((c) => words.has(c));
}

function walk(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) { value.forEach((v) => walk(v, visit)); return; }
  if (value && typeof value === 'object') {
    visit(value as Record<string, unknown>);
    Object.values(value).forEach((v) => walk(v, visit));
  }
}
