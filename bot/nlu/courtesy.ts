// Courtesy and filler said after a complete command ("status thanks", "pending for me", "remove trust
// now please"). Taken off the end only, so what a command's arguments are made of is never touched:
// "list redirects for alice@…" keeps its "for", "help me" loses its "me".
import { COURTESY_TAIL } from './vocabulary.js';

const PHRASES = COURTESY_TAIL.map((p) => p.split(' ')).sort((a, b) => b.length - a.length);

/** The text without its trailing courtesy words and punctuation; the text itself when there are none. */
export function withoutCourtesy(text: string): string {
  const words = text.replace(/[\s.,;:!?…]+$/u, '').split(/\s+/).filter(Boolean);
  const bare = (w: string) => w.toLowerCase().replace(/[.,;:!?…]+$/u, '');
  let end = words.length;
  for (let found = true; found && end > 1;) {
    found = false;
    for (const phrase of PHRASES) {
      if (phrase.length >= end) continue;
      if (phrase.every((w, k) => bare(words[end - phrase.length + k]) === w)) {
        end -= phrase.length;
        found = true;
        break;
      }
    }
  }
  return words.slice(0, end).join(' ').replace(/[\s.,;:!?…]+$/u, '');
}
