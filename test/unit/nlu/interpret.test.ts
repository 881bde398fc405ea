// What a line of text makes the bot do, as the router reads it: a command typed exactly runs as typed; a
// sentence runs only a read-only reading, and a change is at most offered.
import { describe, expect, it } from '@jest/globals';
import { interpret, type Interpretation } from '../../../bot/interpret.js';
import { MAX_INPUT_CHARS } from '../../../bot/nlu/normalize.js';
import { COMMANDS } from '../../../bot/commands/index.js';
import { createRecognizer, type Recognizer } from '../../../bot/nlu/recognizer.js';
import { unseenRecognizer } from './unseenCorpus.js';

const recognizer = unseenRecognizer();
/** The word lists and the second reader without the trained model: their "did you mean" when they are unsure. */
const withoutModel = createRecognizer(COMMANDS, { tenantNames: { source: ['contoso'], target: ['fabrikam'] }, intentModel: false });
/** The decision in one comparable shape: what runs with which argument text, or what is offered. */
function decided(text: string, by: Recognizer = recognizer): [string, string, string] {
  const what: Interpretation = interpret(text, by);
  if (what.kind === 'run') return ['run', what.command.name, what.argText];
  if (what.kind === 'offer') return ['offer', what.names.join(' | '), ''];
  if (what.kind === 'unsure') return ['unsure', what.readOnly.join(' | '), what.changes.join(' | ')];
  return ['none', what.nearest.join(' | '), ''];
}

describe('interpret', () => {
  it.each([
    ['a command typed exactly, in any case, with its arguments', 'LIST REDIRECTS source', ['run', 'list redirects', 'source']],
    ['a changing command typed exactly', 'remove trust both', ['run', 'remove trust', 'both']],
    ['trailing courtesy after a command that takes nothing', 'status thanks', ['run', 'status', '']],
    ['trailing courtesy after a changing command\'s arguments', 'remove trust both please', ['run', 'remove trust', 'both']],
    ['a command that takes nothing starting a sentence about a person', 'status of alice@contoso.com', ['run', 'move status', 'alice@contoso.com']],
    ['a read-only command read from a sentence', 'show me the redirect sites', ['run', 'list redirects', '']],
  ] as const)('runs %s', (_why, text, expected) => {
    expect(decided(text)).toEqual(expected);
  });

  it.each([
    ['a changing command read from a sentence', 'please remove the trust on both tenants', ['offer', 'remove trust', '']],
    ['a change named after a command that takes nothing', 'pending remove trust', ['offer', 'remove trust', '']],
  ] as const)('offers %s, never runs it', (_why, text, expected) => {
    expect(decided(text)).toEqual(expected);
  });

  it('keeps a command with arguments it does not take as typed, so its parse error says what to type', () => {
    expect(decided('remove trust sideways')).toEqual(['run', 'remove trust', 'sideways']);
    // It takes a person and no other word: not a sentence to read as `status`.
    expect(decided('move status banana')).toEqual(['run', 'move status', 'banana']);
    // Two readings, neither sure: the typed command stays, with its words.
    expect(decided('status delete redirect sites on contoso')).toEqual(['run', 'status', 'delete redirect sites on contoso']);
  });

  it('reads the arguments of a typed command from what its sentence names; a change is then only offered, and never where the words deny or name another command', () => {
    expect(decided('audit log for p-7k3m9q2x please')).toEqual(['run', 'audit', 'p-7k3m9q2x']);
    expect(decided('list redirects over on fabrikam please')).toEqual(['run', 'list redirects', 'target']);
    // Malformed syntax is no sentence: its parse error says what to type.
    expect(decided('list redirects fabrikam')).toEqual(['run', 'list redirects', 'fabrikam']);
    expect(decided('move status a@contoso.com b@contoso.com')).toEqual(['run', 'move status', 'a@contoso.com b@contoso.com']);
    expect(decided('cancel ../../plans/p-00000000')).toEqual(['run', 'cancel', '../../plans/p-00000000']);
    expect(decided('cancel p-7k3m9q2x, wrong side picked')).toEqual(['offer', 'cancel', '']);
    expect(decided('remove trust both sides, sponsor signed off')).toEqual(['offer', 'remove trust', '']);
    expect(decided('cancel p-7k3m9q2x but not before friday')).toEqual(['run', 'cancel', 'p-7k3m9q2x but not before friday']);
    expect(decided('remove trust both, except not yet')).toEqual(['run', 'remove trust', 'both, except not yet']);
    expect(decided('remove redirects all; remove trust for good')).toEqual(['run', 'remove redirects', 'all; remove trust for good']);
    expect(decided('cancel p-7k3m9q2x, then trust status please')).toEqual(['run', 'cancel', 'p-7k3m9q2x, then trust status please']);
    // Read as the change typed, yet naming another command in full: not read as one request.
    expect(decided('cancel p-7k3m9q2x please, it was the wrong remove redirects plan'))
      .toEqual(['run', 'cancel', 'p-7k3m9q2x please, it was the wrong remove redirects plan']);
  });

  it('reads a command that takes nothing followed by a sentence as that command: a change offered, a listing run', () => {
    expect(decided('remind pls, half of sales still use the old login')).toEqual(['offer', 'remind', '']);
    expect(decided('check setup before go-live')).toEqual(['run', 'check setup', '']);
    expect(decided('export audit pls, last plan')).toEqual(['run', 'export audit', '']);
    // A denial is no request: typed as it is, its error says why.
    expect(decided('remind them, no wait, not yet')).toEqual(['run', 'remind', 'them, no wait, not yet']);
  });

  it('does not read a sentence longer than the recogniser reads: the typed command keeps its words', () => {
    const text = `status of ${'alice '.repeat(90)}alice@contoso.com`;
    expect(text.length).toBeGreaterThan(MAX_INPUT_CHARS);
    expect(decided(text)).toEqual(['run', 'status', text.slice('status '.length)]);
  });

  it('finds nothing in words that name no command, and offers the nearest read-only commands all the same', () => {
    expect(decided('banana')).toEqual(['none', 'status | list redirects | help', '']);
  });
});

describe('did you mean', () => {
  it('offers the three nearest read-only commands, the changing reading only as an offer beside them', () => {
    expect(decided('I want the redirects removed', withoutModel)).toEqual(['unsure', 'list redirects | status | help', 'remove redirects']);
    // The trained model is sure of the change: offered alone, never run.
    expect(decided('I want the redirects removed')).toEqual(['offer', 'remove redirects', '']);
    // A change ordered in a clause of its own is offered alone, never run.
    expect(decided('status: please remove redirects for alice@contoso.com')).toEqual(['offer', 'remove redirects', '']);
  });

  it('offers a changing command the text names by one word only beside the read-only ones, never alone', () => {
    expect(decided('remnd')).toEqual(['unsure', 'status | list redirects | help', 'remind']);
    expect(decided('revert')[0]).toBe('unsure');
  });
});

describe('every command reachable by phrase', () => {
  it.each([
    ['refresh', 'read both tenants again', 'refresh', ''],
    ['export moves', 'give me a csv of the moves', 'export moves', ''],
    ['export redirects on either side', 'download the redirects on the target tenant as a spreadsheet', 'export redirects', 'target'],
    ['export notify', 'export the guidance campaign results', 'export notify', ''],
    ['export audit', 'audit csv', 'export audit', ''],
    ['audit refusals', 'show me the denied requests', 'audit', 'refusals'],
    ['audit <plan id>', 'what happened with p-7k3m9q2x', 'audit', 'p-7k3m9q2x'],
    ['moved back', 'which users did we migrate back so far', 'moved back', ''],
  ] as const)('runs %s', (_name, text, command, args) => {
    expect(decided(text)).toEqual(['run', command, args]);
  });

  it('offers confirm access, a change, alone', () => {
    expect(decided('confirm alice@contoso.com can access her onedrive')).toEqual(['offer', 'confirm access', '']);
  });
});

describe('read-only wins, and the record\'s own nouns are not arguments', () => {
  it('reads who was moved back, not a move back, from a question', () => {
    expect(decided('who have we migrated back')).toEqual(['run', 'moved back', '']);
  });

  it('takes nouns naming the command\'s own record as no argument', () => {
    expect(decided('audit log')).toEqual(['run', 'audit', '']);
    expect(decided('audit trail please')).toEqual(['run', 'audit', '']);
    expect(decided('refresh the redirect sites and move states')).toEqual(['run', 'refresh', '']);
  });

  it('reads a command name typed inside a sentence, also with a typo, over the shorter names inside it', () => {
    expect(decided('whats the trsut status')).toEqual(['run', 'trust status', '']);
    expect(decided('whats the trust status')).toEqual(['run', 'trust status', '']);
    expect(decided('movestatus alice@contoso.com')).toEqual(['run', 'move status', 'alice@contoso.com']);
  });

  it('runs nothing for a request the bot has no command for, however near a command its words are', () => {
    expect(decided('set up the cross tenant trust for me')[0]).toBe('unsure');
    expect(decided('create a mailbox for megan@fabrikam.com')[0]).not.toBe('run');
    // Past a polite opening, what is asked for is what counts.
    for (const text of ['would it be possible to configure the trust on both tenants',
      'I was wondering if you could configure the cross-tenant trust on fabrikam']) expect(decided(text)[0]).not.toBe('run');
    // Asked as a question it is about state, which a command answers.
    expect(decided('is the bot set up right')[0]).not.toBe('none');
  });
});

describe('what generalises beyond one set of writers', () => {
  it('reads PowerShell quoted in camel case by its words', () => {
    expect(decided('Get-SPOCrossTenantRelationship on both tenants')).toEqual(['run', 'trust status', '']);
    expect(decided('any RedirectSite#0 left on fabrikam')).toEqual(['run', 'list redirects', 'target']);
  });

  it('reads a file asked for as the export of what it holds', () => {
    expect(decided('csv of the audit entries please')).toEqual(['run', 'export audit', '']);
    expect(decided('spreadsheet of the failed notifications with reasons')).toEqual(['run', 'export notify', '']);
    expect(decided('csv of who got the guidance')).toEqual(['run', 'export notify', '']);
  });

  it('treats a how-question about something the bot does not do as no command', () => {
    expect(decided('how do I configure Azure AD Connect')[0]).not.toBe('run');
    expect(decided('how do I migrate Teams chats to the new tenant')[0]).not.toBe('run');
  });

  it('offers a change ordered in a clause of its own, and only that change', () => {
    expect(decided('drop the trust on the old tenant, thanks')).toEqual(['offer', 'remove trust', '']);
    expect(decided('ok that worked, now cancel p-7k3m9q2x')).toEqual(['offer', 'cancel', '']);
    // The other side waiting is said in a clause of its own: no doubt about the order.
    expect(decided('break the trust on source, target can wait')).toEqual(['offer', 'remove trust', '']);
  });

  it('runs the read-only command whose own word leads the request', () => {
    expect(decided('reread the move states and redirect sites now')).toEqual(['run', 'refresh', '']);
    expect(decided('re-read every move state and redirect site, the dashboard looks old')).toEqual(['run', 'refresh', '']);
  });
});
