// One decision rule for every classifier candidate, so they differ only in their scores: below `noneBelow`
// nothing is answered; closer than `margin` to the runner-up, the two nearest are offered; otherwise the
// top command is matched (interpret() still only offers a changing command, never runs it).
import type { Recognition } from '../../bot/nlu/recognizer.js';
import type { Entities } from '../../bot/nlu/entities.js';

/** The label classifiers learn for requests that are no command. */
export const NONE = 'None';

export interface Scored { name: string; score: number }
export interface Thresholds { noneBelow: number; margin: number }

export function decide(ranked: readonly Scored[], entities: Entities, t: Thresholds): Recognition {
  const [top, ...rest] = [...ranked].sort((a, b) => b.score - a.score);
  if (!top || top.name === NONE || top.score < t.noneBelow) return { kind: 'none', entities, nearest: [] };
  const runnerUp = rest.find((s) => s.name !== NONE);
  if (runnerUp && top.score - runnerUp.score < t.margin) {
    return { kind: 'unsure', candidates: [top.name, runnerUp.name], entities, nearest: [] };
  }
  return { kind: 'match', command: top.name, entities, confidence: top.score, exact: false };
}
