// What admins say for each chat command. Data only: the recogniser compiles it once per instance.
// The command table (bot/commands/index.ts) owns each command's name and whether it changes something
// (`changesTenant`); the recogniser takes both from there, and refuses a command that has no entry here.
// Terms are lower case; plurals need not be listed (normalize.stem folds them); a multi-word term must
// appear as consecutive words; terms starting with "#" are satisfied by an extracted entity.
import type { Side } from './entities.js';

/**
 * core:  words naming what the command is about; a command with no core word scores very low.
 * act:   the verb of a command that changes something. A changing command is only ever matched when
 *        one of its act words was typed, so "the redirects" can't become "remove redirects".
 * extra: supporting words (view verbs, objects, entity hints) that separate neighbouring commands.
 */
export type GroupRole = 'core' | 'act' | 'extra';
/** `#siteurl`: a URL on a SharePoint Online host, the only kind a site's move can be asked for by (any other URL is no site). */
export type EntityTerm = '#upn' | '#url' | '#siteurl' | '#count' | '#planid' | '#side' | '#all';

export interface TermGroup {
  readonly role: GroupRole;
  readonly weight: number;
  readonly terms: readonly string[];
}

/** A changing command (`changesTenant` in the command table) gets stricter thresholds and needs an act word. */
export interface CommandVocabulary {
  readonly groups: readonly TermGroup[];
  /** Literal words allowed after the command name for the text to count as exact syntax. */
  readonly argWords: readonly string[];
  /** Entities allowed after the command name in exact syntax. */
  readonly argEntities: readonly EntityTerm[];
}

const VIEW = ['list', 'show', 'display', 'get', 'see', 'view', 'what', 'whats', 'which', 'find', 'give',
  'fetch', 'check', 'look', 'lookup', 'report', 'print', 'pull up', 'enumerate', 'tell me'] as const;
const REMOVE = ['remove', 'delete', 'drop', 'clean up', 'cleanup', 'clear', 'purge', 'erase', 'wipe', 'get rid of',
  'tear down', 'destroy', 'eliminate', 'del', 'rm', 'take down', 'kill', 'nuke', 'scrap'] as const;
const REDIRECT = ['redirect', 'redirection', 'redirect site', 'redirect url', 'forwarding', 'forwarding site',
  'forwarder', 'forward', 'redir', 'stub site', 'tombstone'] as const;
const TRUST = ['trust', 'trusting', 'trusted', 'relationship', 'partnership', 'cross tenant relationship', 'cross tenant trust',
  'tenant relationship', 'organization relationship', 'partner relationship', 'tenant pairing', 'pairing',
  'paired', 'linked'] as const;
const STATE = ['status', 'state', 'progress', 'how far', 'where is', 'done', 'finished', 'complete',
  'completed', 'stage', 'going', 'happening', 'going on', 'getting on', 'up to'] as const;
/** Asking for a file rather than an answer on a card. ("file" alone is not one: "can she open her files".) */
const EXPORT = ['export', 'csv', 'spreadsheet', 'excel', 'xlsx', 'sheet', 'download', 'extract', 'dump',
  // Articles are not read ("as a file" is "as file"); "file" alone is not one: "can she open her files".
  'comma separated', 'as file', 'in file', 'to file', 'into file', 'file with', 'file of'] as const;
/** Supporting words every export shares. */
const EXPORT_EXTRA = [...VIEW, 'send', 'file', 'all', 'every', 'everything', 'whole', 'full'] as const;
/** How things stand after a change: in a question ("is the trust removed?") they ask about state. */
const REMOVED = ['removed', 'deleted', 'gone', 'cleaned up', 'cleared', 'purged', 'revoked', 'broken',
  'ended', 'taken down', 'dropped'] as const;

export const COMMAND_VOCABULARY: Readonly<Record<string, CommandVocabulary>> = {
  help: {
    groups: [
      { role: 'core', weight: 0.75, terms: ['help', 'command', '?', 'what can you do', 'what do you do',
        'what can i do', 'what can i ask', 'what can i say', 'usage', 'how does this work', 'how do i use',
        'how to use', 'manual', 'menu', 'capabilities', 'cheat sheet', 'options', 'syntax', 'halp',
        'can do', 'bot do', 'where do i begin', 'new here', 'get started',
        'getting started'] },
      { role: 'extra', weight: 0.2, terms: ['list', 'show', 'available', 'support', 'know', 'your', 'all'] },
    ],
    argWords: [], argEntities: [],
  },
  status: {
    groups: [
      { role: 'core', weight: 0.7, terms: ['status', 'dashboard', 'overview', 'summary', 'how are we doing',
        'how is it going', 'hows it going', 'how are things', 'where are we', 'where do we stand',
        'state of play', 'state of things', 'big picture', 'sitrep', 'overall', 'progress', 'recap',
        // Vague questions about progress, as people ask them.
        'how far along', 'far along', 'nearly there', 'nearly done', 'almost there', 'almost done', 'done yet',
        'finished yet', 'how much is left', 'how much left', 'whats left', 'left to do', 'to go', 'coming along',
        'going', 'latest', 'update', 'picture', 'where were at', 'where we at', 'where are things',
        'where things are', 'where things stand', 'how are we getting on', 'on track',
        // The dashboard counts the days left before the source licences expire.
        'licence expire', 'license expire', 'expire', 'expiry', 'days left', 'deadline', 'how far', 'how far are we'] },
      { role: 'extra', weight: 0.2, terms: ['migration', 'project', 'overall', 'everything', 'general', 'whole',
        'current', 'show', 'give', 'whats', 'what', 'quick', 'so far', 'things', 'move', 'how many', 'done'] },
    ],
    argWords: [], argEntities: [],
  },
  'host urls': {
    groups: [
      { role: 'core', weight: 0.6, terms: ['host', 'hostname', 'cross tenant host', 'my site host',
        'mysite host', 'mysite', 'my site'] },
      { role: 'extra', weight: 0.3, terms: ['url', 'address', 'link', 'endpoint', 'domain', ...VIEW] },
    ],
    argWords: [], argEntities: [],
  },
  'trust status': {
    groups: [
      { role: 'core', weight: 0.55, terms: TRUST },
      { role: 'extra', weight: 0.35, terms: [...VIEW, 'status', 'state', 'exist', 'still', 'active',
        'configured', 'set up', 'in place', 'detail', 'info', 'verify', 'health', 'there', 'okay', 'ok', ...REMOVED] },
      { role: 'extra', weight: 0.05, terms: ['#side'] },
    ],
    argWords: [], argEntities: [],
  },
  'remove trust': {
    groups: [
      { role: 'core', weight: 0.55, terms: TRUST },
      { role: 'act', weight: 0.4, terms: [...REMOVE, 'revoke', 'break', 'end', 'terminate', 'sever', 'cut',
        'disable', 'dissolve', 'undo', ...REMOVED] },
      { role: 'extra', weight: 0.05, terms: ['#side'] },
    ],
    argWords: ['source', 'target', 'both'], argEntities: [],
  },
  'list redirects': {
    groups: [
      { role: 'core', weight: 0.55, terms: REDIRECT },
      { role: 'extra', weight: 0.35, terms: [...VIEW, 'how many', 'count', 'any', 'left', 'remaining', 'exist',
        'still', 'are there', 'inventory', 'enumerate', ...REMOVED] },
      { role: 'extra', weight: 0.1, terms: ['#upn', '#side', 'site', 'url', 'for'] },
    ],
    argWords: ['source', 'target', 'for'], argEntities: ['#upn'],
  },
  'remove redirects': {
    groups: [
      { role: 'core', weight: 0.55, terms: REDIRECT },
      { role: 'act', weight: 0.4, terms: [...REMOVE, ...REMOVED] },
      { role: 'extra', weight: 0.05, terms: ['#url', '#upn', '#side', '#all', 'site'] },
    ],
    argWords: ['source', 'target', 'all', 'for'], argEntities: ['#upn', '#url'],
  },
  'migrate back': {
    groups: [
      { role: 'core', weight: 0.5, terms: ['back', 'reverse', 'revert', 'rollback', 'roll back', 'undo',
        'return', 'regression', 'migrate back', 'move back', 'send back'] },
      { role: 'act', weight: 0.3, terms: ['migrate', 'move', 'send', 'roll', 'revert', 'return', 'bring',
        'transfer', 'reverse', 'undo', 'put', 'rollback'] },
      { role: 'extra', weight: 0.2, terms: ['#upn', 'original', 'old', 'to'] },
    ],
    argWords: ['to'], argEntities: ['#upn'],
  },
  'move status': {
    groups: [
      // A person's UPN, or a site's URL: a site's move is asked for by its URL (`move status <site url>`); a URL
      // elsewhere than SharePoint is no site, so it does not make a sentence a move status.
      { role: 'core', weight: 0.45, terms: ['#upn', '#siteurl'] },
      // Extra, not core: without a person or site ("how far are we with the migration") it is no one's move.
      { role: 'extra', weight: 0.25, terms: ['move', 'migration', 'transfer', 'moving', 'migrated', 'migrate',
        'job', 'onedrive move', 'mailbox move', 'site move'] },
      { role: 'extra', weight: 0.3, terms: [...STATE, 'where', 'how'] },
      { role: 'extra', weight: 0.1, terms: VIEW },
    ],
    argWords: [], argEntities: ['#upn', '#url'],
  },
  'moved back': {
    groups: [
      { role: 'core', weight: 0.65, terms: ['moved back', 'migrated back', 'rolled back', 'reverted',
        'sent back', 'send back', 'returned', 'went back', 'gone back', 'been back', 'reversed', 'rolled back',
        // The reverse moves themselves as a noun: "the move-backs", "reverse migrations".
        'move back', 'migrate back', 'migration back', 'reverse', 'rollback', 'roll back'] },
      { role: 'extra', weight: 0.3, terms: ['who', 'list', 'show', 'which', 'user', 'people', 'everyone',
        'anyone', 'somebody', 'whos', 'been', 'has', 'have', 'so far', 'how many', 'did', 'we', 'going',
        'progress', 'state', 'status', 'their', 'all', 'tracked', 'tracking'] },
    ],
    argWords: [], argEntities: [],
  },
  'confirm access': {
    groups: [
      { role: 'core', weight: 0.5, terms: ['access', 'accessible', 'reachable', 'reach', 'can open', 'open',
        'get to', 'content', 'file', 'real site', 'works again', 'working again', 'not redirect'] },
      // It plans a removal once access is confirmed, so a verb asking for the check is required.
      { role: 'act', weight: 0.3, terms: ['confirm', 'verify', 'check', 'test', 'ensure', 'make sure',
        'validate', 'can', 'able'] },
      { role: 'extra', weight: 0.2, terms: ['#upn'] },
    ],
    argWords: [], argEntities: ['#upn'],
  },
  'notify users': {
    groups: [
      { role: 'core', weight: 0.5, terms: ['notify', 'notification', 'inform', 'message', 'ping', 'email',
        'announce', 'announcement', 'guidance', 'instruction', 'tell user', 'tell everyone', 'tell people',
        'alert', 'contact', 'tell', 'let know', 'let people know', 'let everyone know', 'let user know'] },
      { role: 'act', weight: 0.2, terms: ['notify', 'inform', 'message', 'ping', 'email', 'announce', 'send',
        'tell', 'alert', 'contact', 'broadcast', 'let know', 'let people know', 'let everyone know', 'let user know'] },
      { role: 'extra', weight: 0.3, terms: ['user', 'people', 'everyone', 'everybody', 'staff', 'employee',
        '#upn', '#all', 'migrated', 'affected', 'sign in', 'log in', 'how to'] },
    ],
    argWords: ['all'], argEntities: ['#upn'],
  },
  'notify site owners': {
    groups: [
      { role: 'core', weight: 0.5, terms: ['site owner', 'owner', 'owners', 'site admin', 'group owner'] },
      { role: 'act', weight: 0.2, terms: ['notify', 'inform', 'message', 'tell', 'announce', 'send', 'alert',
        'contact', 'let know'] },
      { role: 'extra', weight: 0.3, terms: ['site', 'group site', 'moved', 'new url', 'new address', '#url', '#all'] },
    ],
    argWords: ['all'], argEntities: ['#url'],
  },
  'notify status': {
    groups: [
      { role: 'core', weight: 0.5, terms: ['notify', 'notification', 'guidance', 'campaign', 'message',
        'announcement', 'email', 'instruction', 'acknowledged', 'acknowledge', 'ack', 'delivery'] },
      { role: 'extra', weight: 0.4, terms: ['status', 'progress', 'state', 'who', 'acknowledged', 'ack',
        'read', 'delivered', 'sent', 'received', 'how many', 'done', 'marked', 'opened', 'reply',
        'responded', 'report', 'result', 'get', 'got', 'going', 'yet', 'failed', 'fail', 'bounced', 'why',
        'delivery'] },
    ],
    argWords: [], argEntities: [],
  },
  remind: {
    groups: [
      { role: 'core', weight: 0.65, terms: ['remind', 'reminder', 'nudge', 'chase', 'follow up', 'reping',
        // The guidance again, to those who did not answer it.
        'send again', 'resend', 're send', 'ignored', 'didnt reply', 'not replied', 'no reply', 'didnt respond',
        'not responded'] },
      { role: 'act', weight: 0.2, terms: ['remind', 'send', 'nudge', 'chase', 'follow up', 'reping', 'resend',
        'ping', 'message'] },
      { role: 'extra', weight: 0.15, terms: ['user', 'people', 'everyone', 'again', 'who', 'havent',
        'not', 'pending', 'didnt', 'hasnt', 'unanswered', 'silent', 'notification', 'guidance', 'message'] },
    ],
    argWords: [], argEntities: [],
  },
  pending: {
    groups: [
      { role: 'core', weight: 0.6, terms: ['pending', 'waiting', 'awaiting', 'approval', 'outstanding',
        'queue', 'queued', 'need my', 'to approve', 'decision', 'sign off', 'unapproved'] },
      { role: 'extra', weight: 0.3, terms: ['plan', 'request', 'my', 'me', 'review', 'decide', 'list',
        'show', 'what', 'whats', 'which', 'for'] },
    ],
    argWords: [], argEntities: [],
  },
  audit: {
    groups: [
      { role: 'core', weight: 0.6, terms: ['audit', 'log', 'history', 'activity', 'trail', 'journal',
        'what happened', 'who did what', 'event', 'entry', 'record', 'recent action', 'changelog', 'what changed',
        'changed', 'lately', 'refusal', 'refused', 'refuse', 'denied', 'rejected', 'declined', 'turned down',
        'turned away'] },
      { role: 'extra', weight: 0.3, terms: ['last', 'latest', 'recent', 'recently', 'show', 'list', 'view', 'see',
        '#count', 'get', 'what', 'display', 'action', 'change'] },
    ],
    argWords: ['refusals', 'refusal'], argEntities: ['#count', '#planid'],
  },
  cancel: {
    groups: [
      { role: 'core', weight: 0.5, terms: ['cancel', 'abort', 'withdraw', 'call off', 'retract', '#planid',
        'dont want', 'no longer', 'anymore', 'any more'] },
      { role: 'act', weight: 0.3, terms: ['cancel', 'abort', 'withdraw', 'call off', 'retract', 'stop',
        'kill', 'scrap', 'drop'] },
      { role: 'extra', weight: 0.2, terms: ['plan', 'request', '#planid', 'my'] },
    ],
    argWords: [], argEntities: ['#planid'],
  },
  'check setup': {
    groups: [
      { role: 'core', weight: 0.6, terms: ['setup', 'set up', 'configuration', 'config', 'configured',
        'setting', 'preflight', 'prerequisite', 'permission', 'certificate', 'cert', 'health', 'healthy',
        'diagnostic', 'connectivity', 'connection', 'credential', 'installed', 'wired up', 'self test', 'doctor'] },
      { role: 'extra', weight: 0.3, terms: ['check', 'verify', 'test', 'validate', 'correct', 'correctly',
        'working', 'right', 'ok', 'okay', 'fine', 'run'] },
    ],
    argWords: [], argEntities: [],
  },
  refresh: {
    groups: [
      { role: 'core', weight: 0.6, terms: ['refresh', 'reload', 'reread', 're read', 'read again', 'read the tenant',
        'rescan', 're scan', 'resync', 'requery', 'fresh', 'stale', 'out of date', 'outdated', 'update the data',
        'sync again', 'pull again', 'scan again', 'check again', 'look again', 'fetch again', 'query again'] },
      { role: 'core', weight: 0.3, terms: ['read', 'reading', 'scan', 'sync', 'fetch', 'pull', 'query', 'update'] },
      { role: 'extra', weight: 0.15, terms: ['now', 'tenant', 'data', 'everything', 'cache', 'all', 'number',
        'figure', 'latest'] },
      // Reading anew is what sets it apart from every listing: "pull everything from the tenants again".
      { role: 'extra', weight: 0.2, terms: ['again', 'anew', 'once more', 'from scratch', 'afresh', 'up to date'] },
      // What it reads: named after the verb, they are what is read again, not a listing of them.
      { role: 'extra', weight: 0.1, terms: ['redirect', 'state', 'site'] },
    ],
    argWords: [], argEntities: [],
  },
  'export moves': {
    groups: [
      { role: 'core', weight: 0.6, terms: EXPORT },
      { role: 'core', weight: 0.3, terms: ['move', 'moved', 'migration', 'migrated', 'onedrive move',
        'transfer', 'who moved', 'move status'] },
      { role: 'extra', weight: 0.1, terms: [...EXPORT_EXTRA, 'status', 'state', 'people', 'everyone'] },
    ],
    argWords: [], argEntities: [],
  },
  'export redirects': {
    groups: [
      { role: 'core', weight: 0.6, terms: EXPORT },
      { role: 'core', weight: 0.3, terms: REDIRECT },
      { role: 'extra', weight: 0.1, terms: EXPORT_EXTRA },
    ],
    argWords: ['source', 'target'], argEntities: [],
  },
  'export notify': {
    groups: [
      { role: 'core', weight: 0.6, terms: EXPORT },
      { role: 'core', weight: 0.3, terms: ['notify', 'notification', 'notice', 'guidance', 'campaign', 'announcement',
        'acknowledged', 'acknowledgement', 'ack', 'message', 'notified'] },
      { role: 'extra', weight: 0.1, terms: [...EXPORT_EXTRA, 'who', 'outcome', 'result'] },
    ],
    argWords: [], argEntities: [],
  },
  'export audit': {
    groups: [
      { role: 'core', weight: 0.6, terms: EXPORT },
      { role: 'core', weight: 0.3, terms: ['audit', 'log', 'history', 'trail', 'record', 'journal', 'plan'] },
      { role: 'extra', weight: 0.1, terms: [...EXPORT_EXTRA, '#planid', 'item'] },
    ],
    argWords: [], argEntities: ['#planid'],
  },
  'sandbox inbox': {
    groups: [
      { role: 'core', weight: 0.6, terms: ['sandbox', 'inbox', 'mailbox', 'simulated', 'simulation', 'fake',
        'rehearsal', 'test user', 'receive from', 'received from', 'bot sent', 'sent to', 'messages did',
        'did receive', 'did get'] },
      { role: 'extra', weight: 0.25, terms: ['inbox', 'received', 'got', 'message', 'show', 'what', 'see',
        'view', 'get', 'whats', 'did', 'receive', 'bot sent', 'sent to', 'been sent'] },
      { role: 'extra', weight: 0.15, terms: ['#upn'] },
    ],
    argWords: [], argEntities: ['#upn'],
  },
};

/**
 * Which tenant a word means. The rule: the tenant people were migrated FROM is the source and the one
 * they live on now is the target, whatever direction a later reverse move takes. Strong words count
 * anywhere; weak words only next to a tenant noun ("old tenant", "the new one"), because "new" and
 * "current" are everyday words; "from"/"to" count only right before a tenant noun and never override.
 */
export const SIDE_WORDS: {
  readonly strong: Readonly<Record<string, Side>>;
  readonly weak: Readonly<Record<string, Side>>;
  readonly directional: Readonly<Record<string, Side>>;
} = {
  strong: { source: 'source', src: 'source', target: 'target', tgt: 'target', destination: 'target', dest: 'target' },
  weak: {
    old: 'source', original: 'source', previous: 'source', former: 'source', legacy: 'source', prior: 'source',
    earlier: 'source', origin: 'source', new: 'target', current: 'target', present: 'target', latest: 'target',
  },
  directional: { from: 'source', to: 'target' },
};

/** Words that leave something out of a request: "…without touching target", "except alice@…". */
export const LEAVING_OUT_WORDS: readonly string[] = ['without', 'except', 'excluding'];

/** Words that deny or leave out: "don't remove", "except alice@…". */
export const NEGATION_WORDS: readonly string[] = ['dont', 'not', 'never', 'no', 'cant', 'shouldnt', 'wont',
  ...LEAVING_OUT_WORDS];

/** Words that ask about a change rather than for it: "is it safe to remove", "removal status", "a dry run". */
export const ASKING_ABOUT_WORDS: readonly string[] = ['status', 'state', 'progress', 'safe', 'whether', 'preview',
  'dry run', 'simulate'];

/**
 * Words that cast doubt on a request to change something: negation ("don't remove"), asking rather
 * than telling ("is it safe to remove", "removal status"), deferring ("not yet"). When one of them is
 * typed and the changing command's own vocabulary doesn't account for it, the bot asks instead.
 */
export const HESITATION_WORDS: readonly string[] = [...NEGATION_WORDS, ...ASKING_ABOUT_WORDS, 'should', 'if', 'gone',
  'left', 'remaining', 'show', 'list', 'view', 'see', 'check', 'what', 'which', 'how', 'wait', 'hold', 'later',
  'tomorrow', 'yet', 'before', 'after', 'maybe', 'undo'];

/** A question holding one of these asks for something ("sorry, could you remove the trust?"), wherever it stands. */
export const POLITE_REQUESTS: readonly string[] = ['please', 'kindly', 'can you', 'could you', 'would you',
  'will you', 'can we', 'could we', 'can i', 'could i', 'is it okay', 'is it ok', 'is it possible',
  'is it alright', 'is it fine', 'would it be possible', 'might you', 'would you mind', 'do you mind',
  'i was wondering', 'im wondering', 'be able to', 'something you can', 'grateful if', 'appreciate it if', 'i need you to',
  'i want you to', 'id like you to', 'when you get a moment', 'when you have a moment', 'when convenient'];

/** First words that make a question a polite request ("can you remove…?") rather than a real question. */
export const POLITE_STARTS: readonly string[] = ['can', 'could', 'would', 'will', 'please', 'kindly', 'pls'];

/** Chat shorthand read as the word it stands for before matching. */
export const SHORTHAND: Readonly<Record<string, string>> = {
  u: 'you', ur: 'your', r: 'are', pls: 'please', plz: 'please', thx: 'thanks', ty: 'thanks', wat: 'what',
  wot: 'what', abt: 'about', msg: 'message', msgs: 'message', cmds: 'command',
  cmd: 'command', redirs: 'redirect', rdr: 'redirect', stat: 'status', stats: 'status',
  // Channel shorthand for the things this bot handles: "rd sites", "od", "rm".
  rd: 'redirect', rds: 'redirect', od: 'onedrive', ods: 'onedrive', odfb: 'onedrive',
  rm: 'remove', every1: 'everyone', ppl: 'people', info: 'information', asap: 'now', comms: 'communication',
};

/** Words asking for what was refused rather than everything that happened: `audit refusals`. */
export const REFUSAL_WORDS: readonly string[] = ['refusal', 'refused', 'refuse', 'denied', 'deny', 'denial',
  'rejected', 'reject', 'rejection', 'declined', 'decline', 'blocked', 'disallowed', 'forbidden'];

/** Nouns that make a weak side word mean a tenant (stemmed forms). */
export const TENANT_NOUNS: readonly string[] = ['tenant', 'tenancy', 'side', 'org', 'organisation',
  'organization', 'environment', 'env', 'domain', 'one', 'instance', 'estate', 'm365', 'o365', 'company',
  'subscription', 'farm'];

/**
 * Requests for something the bot does not do, said as the first verb ("set up the trust", "create a
 * mailbox for…"), not asked as a question ("is the bot set up right"): however well the rest fits a command,
 * the text is no command, and the nearest are offered.
 */
export const FOREIGN_REQUESTS: readonly string[] = ['create', 'add', 'set up', 'make new', 'establish',
  'enable', 'grant', 'assign', 'install', 'provision', 'configure', 'buy', 'purchase', 'rename', 'reset',
  'restore', 'invite', 'schedule', 'book', 'increase', 'extend', 'upgrade', 'downgrade', 'license', 'licence',
  'reinstate', 'recreate', 'rebuild', 'reconfigure', 'turn on', 'switch on'];

/** Never read: "let the people know" is "let people know", "as a file" is "as file". */
export const ARTICLES: readonly string[] = ['the', 'a', 'an'];

/** Polite and connective words that carry no intent. */
export const FILLER_WORDS: readonly string[] = ['please', 'pls', 'plz', 'kindly', 'could', 'would', 'can',
  'you', 'me', 'hey', 'hi', 'hello', 'bot', 'the', 'a', 'an', 'i', 'we', 'us', 'our', 'my', 'to', 'of',
  'for', 'on', 'in', 'at', 'from', 'is', 'are', 'was', 'it', 'its', 'them', 'they', 'this', 'that',
  'these', 'those', 'there', 'be', 'been', 'do', 'does', 'did', 'have', 'has', 'had', 'with', 'and', 'or',
  'some', 'just', 'now', 'quickly', 'thanks', 'thank', 'want', 'need', 'like', 'let', 'know', 'about',
  'again', 'also', 'right', 'yo', 'ok', 'okay', 'so', 'then', 'your', 'up', 'by', 'into', 'will', 'should',
  'go', 'ahead', 'currently', 'still', 'all', 'any', 'every', 'each', 'both', 'side', 'sides', 'one',
  'who', 'how', 'what', 'whats', 'which', 'where', 'when', 'why', 'for', 'please', 'ask', 'wanna',
  'gimme', 'lemme', 'quick', 'mate', 'team', 'folks', 'guys', 'tenant', 'tenants', 'their', 'his', 'her',
  'as', 'if', 'not', 'no', 'yes', 'user', 'users', 'person', 'account', 'hows', 'whos', 'wheres'];

/** Domain words every command may carry without it counting against the command. */
export const NEUTRAL_WORDS: readonly string[] = ['onedrive', 'sharepoint', 'microsoft', 'm365', 'o365',
  'office', 'site', 'sites', 'url', 'urls', 'cross', 'org', 'environment', 'domain', 'here', 'entries'];

/**
 * Said after a complete command without changing it. Only ever taken off the end of the text, one
 * phrase at a time, and never the command's first word.
 */
export const COURTESY_TAIL: readonly string[] = ['please', 'pls', 'plz', 'kindly', 'thanks', 'thank you',
  'thank u', 'thx', 'ty', 'cheers', 'ta', 'me', 'for me', 'to me', 'for us', 'now', 'right now', 'asap',
  'again', 'quickly', 'mate', 'bot', 'if you can', 'if possible', 'when you can', 'thanks a lot',
  'much appreciated', 'a lot', 'very much', 'for now'];
