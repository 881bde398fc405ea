// Candidate d: today's rules decide; only where they answer "none" or "unsure" does a classifier's reading
// replace theirs. interpret() still offers a changing command as a button, so nothing changing runs from it.
import type { Recognizer } from '../../bot/nlu/recognizer.js';

export function rulesFirst(rules: Recognizer, classifier: Recognizer): Recognizer {
  return {
    recognize(text) {
      const read = rules.recognize(text);
      if (read.kind === 'match') return read;
      const guess = classifier.recognize(text);
      return guess.kind === 'none' && read.kind === 'unsure' ? read : guess;
    },
  };
}
