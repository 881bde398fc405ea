// The trained model that reads a sentence first (bot/nlu/intentModel.ts), and when the recogniser takes its reading.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { COMMANDS } from '../../../bot/commands/index.js';
import { interpret, type Interpretation } from '../../../bot/interpret.js';
import { NO_COMMAND } from '../../../bot/nlu/bm25.js';
import { CORPUS_EXAMPLES, allExamples } from '../../../bot/nlu/examples.js';
import { features, intentModelFrom, loadIntentModel, trainIntentModel, type IntentModelFile } from '../../../bot/nlu/intentModel.js';
import { createRecognizer, FIRST_READER, type FirstReaderThresholds } from '../../../bot/nlu/recognizer.js';
import { serialise } from './buildIntentModel.js';

const tenantNames = { source: ['contoso'], target: ['fabrikam'] };
const withModel = createRecognizer(COMMANDS, { tenantNames });
const withoutModel = createRecognizer(COMMANDS, { tenantNames, intentModel: false });
/** A model taught only the help card and these phrasings, each [text, label, times]. */
const taught = (lessons: [string, string | null, number][]) => intentModelFrom(trainIntentModel(COMMANDS,
  lessons.flatMap(([text, command, times]) => Array.from({ length: times }, () => ({ text, command })))));
/** The bot's recogniser reading first with a taught model, with some of its thresholds changed. */
const taughtWith = (model: ReturnType<typeof taught>, changed: Partial<FirstReaderThresholds>) =>
  createRecognizer(COMMANDS, { tenantNames, intentModel: model, firstReader: { ...FIRST_READER, ...changed } });
const shown = (what: Interpretation) => (what.kind === 'run' ? `run ${what.command.name} ${what.argText}`.trim()
  : what.kind === 'offer' ? `offer ${what.names[0]}` : what.kind);

describe('the trained model', () => {
  it('is shipped as training on the examples gives it, the same on every run (rebuild it when the examples change)', () => {
    const shipped = readFileSync(new URL('../../../bot/nlu/intentModel.json', import.meta.url), 'utf8');
    expect(serialise(trainIntentModel(COMMANDS, allExamples())) === shipped).toBe(true);
  });

  it('gives every label a probability, together one, and sees entities, words, pairs and letter triples', () => {
    const hits = loadIntentModel().rank('tell me a joke');
    expect(hits[0]?.name).toBe(NO_COMMAND);
    expect(hits.map((h) => h.name).sort()).toEqual([NO_COMMAND, ...COMMANDS.map((c) => c.name)].sort());
    expect(hits.reduce((sum, h) => sum + h.p, 0)).toBeCloseTo(1, 9);
    expect(features('Move status alice@contoso.com?')).toEqual(expect.arrayContaining(
      ['#upn', '#question', '^move', 'w:move', 'w:status', 'b:move status', 'c:<mo', 'c:tus', 'c:us>']));
    expect(features('Move status alice@contoso.com?').some((f) => f.includes('alice'))).toBe(false);
    // Chat shorthand is read as the word it stands for, as the word lists read it.
    expect(features('pls show rd sites')).toEqual(expect.arrayContaining(['w:please', 'w:redirect', 'b:redirect site']));
  });

  it('reads as its file says: the packed weights give the probabilities the file\'s own weights give', () => {
    const file = JSON.parse(readFileSync(new URL('../../../bot/nlu/intentModel.json', import.meta.url), 'utf8')) as IntentModelFile;
    const model = intentModelFrom(file);
    for (const text of ['remove the redirect sites on contoso please', 'who approved p-4hx8m2qa?', 'tell me a joke', 'status']) {
      const seen = features(text);
      const sums = file.bias.map((b) => b / 1000);
      for (const f of seen) {
        const kept = file.weights[f] ?? [];
        for (let j = 0; j < kept.length; j += 2) sums[kept[j]!] += kept[j + 1]! / 1000 / Math.sqrt(seen.length);
      }
      const total = sums.reduce((t, v) => t + Math.exp(v), 0);
      const expected = Object.fromEntries(file.labels.map((name, i) => [name, Math.exp(sums[i]!) / total]));
      for (const hit of model.rank(text)) expect(hit.p).toBeCloseTo(expected[hit.name]!, 5);
    }
  });

  it('learns from its examples: a model trained without a command\'s examples and description never names it', () => {
    const withoutRefresh = intentModelFrom(trainIntentModel(COMMANDS.filter((c) => c.name !== 'refresh'),
      allExamples().filter((e) => e.command !== 'refresh')));
    expect(loadIntentModel().rank('read both tenants again')[0]?.name).toBe('refresh');
    expect(withoutRefresh.rank('read both tenants again').map((h) => h.name)).not.toContain('refresh');
  });

  it('learns from the written examples: phrasings only they cover are read, and one they name as no command runs nothing', () => {
    const corporaOnly = createRecognizer(COMMANDS, { tenantNames,
      intentModel: intentModelFrom(trainIntentModel(COMMANDS, CORPUS_EXAMPLES)) });
    for (const [text, meant] of [['are we nearly finished or what', 'run status'], ['who signed off on the notify plan', 'run audit'],
      ['is the approver group empty or not', 'run check setup']]) {
      expect(shown(interpret(text, corporaOnly))).not.toBe(meant);
      expect(shown(interpret(text, withModel))).toBe(meant);
    }
    expect(shown(interpret('give me a project plan for the migration', withModel))).toBe('none');
  });
});

describe('the recogniser with the model reading first', () => {
  it('understands requests the word lists cannot place, and a change it reads is only offered', () => {
    const retire = 'time to retire the tenant relationship on both sides, all moves are done';
    expect(shown(interpret(retire, withoutModel))).not.toMatch(/^(run|offer)/);
    expect(shown(interpret(retire, withModel))).toBe('offer remove trust');
    // A polite question and a "before" that is no hesitation: the word lists ask; the model reads a request.
    const folks = 'oh and please send the folks who moved their sign in instructions before friday';
    expect(shown(interpret(folks, withoutModel))).toBe('unsure');
    expect(shown(interpret(folks, withModel))).toBe('offer notify users');
    const sorry = 'sorry, could you send the sign-in guidance to everyone who moved?';
    expect(shown(interpret(sorry, withoutModel))).toBe('unsure');
    expect(shown(interpret(sorry, withModel))).toBe('offer notify users');
  });

  // The thresholds are tested on small models taught here, so each test keeps reaching its threshold when the
  // shipped model is trained again: the text's probabilities are read from the taught model, and the threshold is
  // set just above and just below them.

  it('offers a change whose verb the word lists do not find only when sure of it (FIRST_READER.changeWithoutVerb)', () => {
    const text = 'move and redirects for adele@contoso.com on fabrikam';
    const model = taught([[text, 'remove redirects', 20]]);
    const [best] = model.rank(text);
    expect(best?.name).toBe('remove redirects');
    expect(shown(interpret(text, withoutModel))).toBe('unsure');
    expect(shown(interpret(text, taughtWith(model, { changeWithoutVerb: best!.p + 0.01 })))).toBe('unsure');
    expect(shown(interpret(text, taughtWith(model, { changeWithoutVerb: best!.p - 0.01 })))).toBe('offer remove redirects');
    // Sure of it, without a verb the word lists know: offered by the shipped model.
    expect(shown(interpret('time to retire the tenant relationship on both sides, all moves are done', withModel))).toBe('offer remove trust');
  });

  it('runs nothing where it is sure there is no command, though the word lists would run one', () => {
    for (const text of ['whats the exchange mailbox migration status', 'list the teams channels in fabrikam']) {
      expect(shown(interpret(text, withoutModel))).toMatch(/^run /);
      expect(shown(interpret(text, withModel))).not.toMatch(/^run /);
    }
  });

  it('is taken only when sure enough (FIRST_READER.sure)', () => {
    const text = 'who on our side signed off on p-4hx8m2qa';
    const model = taught([[text, 'audit', 3], [text, 'pending', 2]]);
    const [best] = model.rank(text);
    expect(best?.name).toBe('audit');
    expect(shown(interpret(text, withoutModel))).toBe('unsure');
    expect(shown(interpret(text, taughtWith(model, { sure: best!.p + 0.01 })))).toBe('unsure');
    expect(shown(interpret(text, taughtWith(model, { sure: best!.p - 0.01 })))).toBe('run audit p-4hx8m2qa');
  });

  it('leaves two commands nearly as likely to the word lists, which ask (FIRST_READER.commandLead)', () => {
    const text = 'hosts and redirects';
    const model = taught([[text, 'host urls', 5], [text, 'list redirects', 4]]);
    const [best, next] = model.rank(text);
    expect([best?.name, next?.name]).toEqual(['host urls', 'list redirects']);
    expect(shown(interpret(text, withoutModel))).toBe('unsure');
    const lead = best!.p - next!.p;
    expect(shown(interpret(text, taughtWith(model, { commandLead: lead + 0.01 })))).toBe('unsure');
    expect(shown(interpret(text, taughtWith(model, { commandLead: lead - 0.01 })))).toBe('run host urls');
  });

  it('answers "no command" only when that leads the next reading (FIRST_READER.noneLead)', () => {
    // No command first, remove redirects next; the word lists offer the removal.
    const text = 'purge the old forwarding sites';
    const model = taught([[text, null, 6], [text, 'remove redirects', 4]]);
    const [best, next] = model.rank(text);
    expect([best?.name, next?.name]).toEqual([NO_COMMAND, 'remove redirects']);
    expect(shown(interpret(text, withoutModel))).toBe('offer remove redirects');
    const lead = best!.p - next!.p;
    expect(shown(interpret(text, taughtWith(model, { noneAt: 0, noneLead: lead + 0.01 })))).toBe('offer remove redirects');
    expect(taughtWith(model, { noneAt: 0, noneLead: lead - 0.01 }).recognize(text)).toMatchObject({ kind: 'none' });
  });

  it('leaves a command about someone to the word lists when the text names nobody', () => {
    // A model taught that this sentence is `move status`: without a person or site in it, the word lists answer.
    const text = 'how is the onedrive migration going so far';
    const model = taught([[text, 'move status', 20]]);
    expect(model.rank(text)[0]?.name).toBe('move status');
    const byTaught = taughtWith(model, {});
    expect(shown(interpret(text, byTaught))).toBe('run status');
    expect(shown(interpret(`${text} for alex@contoso.com`, byTaught))).toBe('run move status alex@contoso.com');
  });

  it('leaves a read-only reading to the word lists while it also sees no command (FIRST_READER.noneBelow)', () => {
    // Refresh first, no command next; the word lists read status.
    const text = 'any update?';
    const model = taught([[text, 'refresh', 6], [text, null, 4]]);
    const [best, next] = model.rank(text);
    expect([best?.name, next?.name]).toEqual(['refresh', NO_COMMAND]);
    expect(shown(interpret(text, withoutModel))).toBe('run status');
    expect(shown(interpret(text, taughtWith(model, { noneBelow: next!.p - 0.01 })))).toBe('run status');
    expect(shown(interpret(text, taughtWith(model, { noneBelow: next!.p + 0.01 })))).toBe('run refresh');
  });

  it('offers no change it reads from one word, a question, a denial or a word of state', () => {
    for (const text of ['purge it', 'remove the trust?', "don't remove the trust yet", 'trust removal status',
      'remove redirects on source except alice@contoso.com']) {
      expect(withModel.recognize(text)).not.toMatchObject({ kind: 'match', command: expect.stringMatching(/^remove /) });
    }
    // A negation denies the change only just before its verb; elsewhere it is about something else.
    expect(shown(interpret('please do not cancel p-7k3m9q2x', withModel))).not.toBe('offer cancel');
    expect(shown(interpret('no rush at all, whenever you get to it please remove the redirects on contoso', withModel)))
      .toBe('offer remove redirects');
    const abort = 'kindly abort p-7k3m9q2x which I raised this morning, it is not needed anymore';
    expect(shown(interpret(abort, withoutModel))).toBe('unsure');
    expect(shown(interpret(abort, withModel))).toBe('offer cancel');
    // "is" after a person is no question ("is alex@… back?" is one).
    expect(shown(interpret('alex.wilber@contoso.com is back on contoso, confirm his access', withModel))).toBe('offer confirm access');
    expect(shown(interpret('is alex.wilber@contoso.com back on contoso, confirm his access', withModel))).not.toBe('offer confirm access');
    // Asked politely, anywhere in the sentence, the same question is a request.
    expect(shown(interpret('remove the trust on both sides?', withModel))).toBe('run trust status');
    expect(shown(interpret('the project is over, can we remove the trust on both sides now?', withModel))).toBe('offer remove trust');
  });
});
