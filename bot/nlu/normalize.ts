// Text cleanup and tokenising for chat commands. Teams hands us whatever the client produced: leftover
// mention markup, HTML entities, typographic quotes, non-breaking spaces. Everything here is linear in
// the (capped) input length so a hostile message can't make recognition slow.
import { lookup } from './lookup.js';

/** Characters kept for matching; commands are short, anything beyond this is noise. */
export const MAX_INPUT_CHARS = 500;
/** Raw characters looked at before cleanup, so markup stripping never scans an unbounded string. */
const RAW_SCAN_LIMIT = 4000;
/** Tokens kept for scoring; bounds the work of phrase and fuzzy matching. */
export const MAX_TOKENS = 80;

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'",
  lsquo: "'", rsquo: "'", ldquo: '"', rdquo: '"', ndash: '-', mdash: '-', hellip: '...',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] !== '#') return lookup(NAMED_ENTITIES, body.toLowerCase()) ?? whole;
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    // Invalid or surrogate code points would make fromCodePoint throw; drop them instead.
    if (!Number.isFinite(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return ' ';
    return String.fromCodePoint(code);
  });
}

function stripMarkup(s: string): string {
  // A stray <at>Name</at> is a mention of the bot or a person; its text is never part of the command.
  return s.replace(/<at\b[^>]{0,200}>[^<]{0,200}<\/at>/gi, ' ').replace(/<\/?[a-z][^<>]{0,200}>/gi, ' ');
}

export interface CleanText {
  /** Cleaned text with the case kept (UPNs are reported as typed). */
  text: string;
  /** The message was phrased as a question: a hint towards read-only commands. */
  question: boolean;
}

/** Cleans a raw chat message: markup, entities, quotes, dashes, invisible and control characters, spacing. */
export function cleanText(raw: unknown): CleanText {
  if (typeof raw !== 'string' || raw.length === 0) return { text: '', question: false };
  let s = stripMarkup(raw.slice(0, RAW_SCAN_LIMIT));
  // Decoding can reveal markup that was itself escaped (&lt;at&gt;), hence the second strip.
  s = stripMarkup(decodeEntities(s));
  s = s.normalize('NFKC');
  s = s
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u00B4`]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/[\u0000-\u001F\u007F-\u00A0\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_INPUT_CHARS);
  const question = /\?["')\s]*$/.test(s);
  if (/^\?+$/.test(s)) return { text: '?', question: true };
  s = s.replace(/[\s.,;:!?…"')\]}]+$/u, '').replace(/^[\s"'(\[{]+/, '');
  return { text: s, question };
}

/** Lower-case word tokens. Apostrophes inside words are dropped ("what's" → "whats"). */
export function tokenize(text: string): string[] {
  if (text === '?') return ['?'];
  const words = splitCamelCase(text)
    .toLowerCase()
    .replace(/(\p{L})'(\p{L})/gu, '$1$2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
  return joinCompounds(words).slice(0, MAX_TOKENS);
}

/** Product names written in camel case that are one word, not two ("OneDrive" is not "one drive"). */
const COMPOUNDS = new Map([['one', 'drive'], ['share', 'point'], ['power', 'shell']]);

/**
 * Admins quote PowerShell: "Get-SPOCrossTenantRelationship", "RedirectSite#0". Camel case splits into its
 * words (get spo cross tenant relationship), so the words the bot knows are found inside.
 */
function splitCamelCase(text: string): string {
  return text.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2').replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2');
}

function joinCompounds(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    if (i + 1 < words.length && COMPOUNDS.get(words[i]) === words[i + 1]) {
      out.push(words[i] + words[i + 1]);
      i += 1;
    } else out.push(words[i]);
  }
  return out;
}

/**
 * Folds plurals so "redirects", "redirections" and "sites" meet their singular forms. Applied to the
 * vocabulary and to typed tokens alike, so the result only needs to be consistent, not a real lemma.
 */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  // "notified", "denied": the verb's -ied form meets its -y form.
  if (word.endsWith('ied') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}
