// Action.Execute verbs. Templates spell these as literals (they are JSON); a card test checks that every
// verb found in any template is one of these and that bot/actions registers each.
export const VERBS = {
  page: 'page',
  run: 'run',
  approve: 'approve',
  reject: 'reject',
  cancel: 'cancel',
  refresh: 'refresh',
  retryFailed: 'retryFailed',
  checkAccess: 'checkAccess',
  guidanceDone: 'guidanceDone',
  guidanceHelp: 'guidanceHelp',
  siteNoticeDone: 'siteNoticeDone',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];

export const ALL_VERBS: readonly Verb[] = Object.values(VERBS);
