// THE verb table: one line per Action.Execute verb.
import type { CardAction } from './action.js';
import { approveAction } from './approve.js';
import { cancelAction } from './cancel.js';
import { checkAccessAction } from './checkAccess.js';
import { pageAction } from './page.js';
import { refreshAction } from './refresh.js';
import { rejectAction } from './reject.js';
import { retryFailedAction } from './retryFailed.js';
import { runAction } from './run.js';
import { guidanceDoneAction } from './guidanceDone.js';
import { guidanceHelpAction } from './guidanceHelp.js';
import { siteNoticeDoneAction } from './siteNoticeDone.js';

export const ACTIONS: readonly CardAction<any>[] = [pageAction, runAction, approveAction, rejectAction, cancelAction, refreshAction, retryFailedAction, checkAccessAction, guidanceDoneAction, guidanceHelpAction, siteNoticeDoneAction];

export function findAction(verb: string): CardAction<any> | undefined {
  return ACTIONS.find((a) => a.verb === verb);
}
