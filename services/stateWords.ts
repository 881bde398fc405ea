// State codes from tenants and services (inProgress, GoodToProceed, Unlock) as the words people read.
// One place, for cards and for the texts services write for people (a help request's move line).

const NONE = '—';

/** Codes whose words are not simply the code split at its capitals. */
const WORDS: Readonly<Record<string, string>> = {
  Unlock: 'unlocked', NoAccess: 'locked (no access)', ReadOnly: 'locked (read-only)', NoAdditions: 'locked (no additions)',
  MnA: 'merger and acquisition',
};

/** A state code in words: inProgress → "in progress", GoodToProceed → "good to proceed". */
export function inWords(code: string | null | undefined): string {
  if (!code) return NONE;
  if (Object.hasOwn(WORDS, code)) return WORDS[code];
  return code.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z])([A-Z][a-z])/g, '$1 $2').toLowerCase();
}
