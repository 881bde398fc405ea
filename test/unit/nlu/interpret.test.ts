// What a line of text makes the bot do, as the router reads it: a command typed exactly runs as typed; a
// sentence runs only a read-only reading, and a change is at most offered.
import { describe, expect, it } from '@jest/globals';
import { interpret, type Interpretation } from '../../../bot/interpret.js';
import { MAX_INPUT_CHARS } from '../../../bot/nlu/normalize.js';
import { unseenRecognizer } from './unseenCorpus.js';

const recognizer = unseenRecognizer();
/** The decision in one comparable shape: what runs with which argument text, or what is offered. */
function decided(text: string): [string, string, string] {
  const what: Interpretation = interpret(text, recognizer);
  if (what.kind === 'run') return ['run', what.command.name, what.argText];
  if (what.kind === 'offer') return ['offer', what.names.join(' | '), ''];
  return ['none', '', ''];
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
    ['both readings when the recogniser is unsure', 'status: please remove redirects for alice@contoso.com', ['offer', 'remove redirects | move status', '']],
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

  it('does not read a sentence longer than the recogniser reads: the typed command keeps its words', () => {
    const text = `status of ${'alice '.repeat(90)}alice@contoso.com`;
    expect(text.length).toBeGreaterThan(MAX_INPUT_CHARS);
    expect(decided(text)).toEqual(['run', 'status', text.slice('status '.length)]);
  });

  it('finds nothing in words that name no command', () => {
    expect(decided('banana')).toEqual(['none', '', '']);
  });
});
