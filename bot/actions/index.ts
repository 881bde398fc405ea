// THE verb table: one line per Action.Execute verb.
import type { CardAction } from './action.js';
import { pageAction } from './page.js';
import { runAction } from './run.js';

export const ACTIONS: readonly CardAction<any>[] = [pageAction, runAction];

export function findAction(verb: string): CardAction<any> | undefined {
  return ACTIONS.find((a) => a.verb === verb);
}
