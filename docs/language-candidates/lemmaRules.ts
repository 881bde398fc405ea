// Candidate c: wink-nlp's English lemmas in front of today's rules. The text is rewritten word by word to
// lemmas (URLs, e-mail addresses, numbers and punctuation kept as typed) and handed to the product
// recogniser unchanged, so the rules and the entity extraction are today's.
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Recognizer } from '../../bot/nlu/recognizer.js';

export function lemmatising(rules: Recognizer): Recognizer {
  const nlp = winkNLP(model);
  const its = nlp.its;
  function toLemmas(text: string): string {
    const tokens = nlp.readDoc(text).tokens();
    const values = tokens.out(its.value) as string[];
    const types = tokens.out(its.type) as string[];
    const lemmas = tokens.out(its.lemma) as string[];
    const spaces = tokens.out(its.precedingSpaces) as string[];
    return values.map((v, i) => spaces[i] + (types[i] === 'word' ? lemmas[i] : v)).join('').trim();
  }
  return { recognize: (text) => rules.recognize(toLemmas(text)) };
}
