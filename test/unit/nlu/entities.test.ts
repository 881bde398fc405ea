import { describe, expect, it } from '@jest/globals';
import { extractSpans, extractWordEntities, PLAN_ID_PATTERN, tenantLabels } from '../../../bot/nlu/entities.js';
import { createRecognizer } from '../../../bot/nlu/recognizer.js';
import { COMMANDS } from '../../../bot/commands/index.js';

const recognizer = createRecognizer(COMMANDS, {
  tenantNames: { source: ['contoso.onmicrosoft.com'], target: ['Fabrikam'] },
});
const entitiesOf = (text: string) => recognizer.recognize(text).entities;

describe('span entities', () => {
  it('reads UPNs with apostrophes, plus and hyphen, in the order typed', () => {
    expect(extractSpans("migrate back sean.o'brien@fabrikam.com to jo-ann+x@contoso.com").upns)
      .toEqual(["sean.o'brien@fabrikam.com", 'jo-ann+x@contoso.com']);
  });

  it('keeps an uppercase UPN exactly as typed', () => {
    expect(entitiesOf('move status KEVIN.ONeil@Contoso.COM').upns).toEqual(['KEVIN.ONeil@Contoso.COM']);
  });

  it('does not take quotes around a UPN as part of it', () => {
    expect(entitiesOf("move status 'alice@contoso.com'").upns).toEqual(['alice@contoso.com']);
    expect(entitiesOf('move status \u2018alice@contoso.com\u2019').upns).toEqual(['alice@contoso.com']);
  });

  it('trims sentence punctuation after a URL', () => {
    expect(extractSpans('remove https://contoso-my.sharepoint.com/personal/a_contoso_com.').urls)
      .toEqual(['https://contoso-my.sharepoint.com/personal/a_contoso_com']);
    expect(extractSpans('(see https://contoso-my.sharepoint.com/personal/a_contoso_com)').urls)
      .toEqual(['https://contoso-my.sharepoint.com/personal/a_contoso_com']);
  });

  it('does not read the user part of a URL as a UPN', () => {
    const spans = extractSpans('remove https://x@contoso.sharepoint.com/sites/a');
    expect(spans.urls).toHaveLength(1);
    expect(spans.upns).toEqual([]);
  });

  it('reads a count but not digits inside words or plan ids', () => {
    expect(extractSpans('audit 20').count).toBe(20);
    expect(extractSpans('o365 and m365').count).toBeUndefined();
    expect(extractSpans('cancel p-7k3m9q2x').count).toBeUndefined();
    expect(entitiesOf('show the last twenty audit entries').count).toBe(20);
  });

  it('reads plan ids in Crockford base32 and lower-cases them', () => {
    expect(extractSpans('cancel P-7K3M9Q2X').planId).toBe('p-7k3m9q2x');
    expect(PLAN_ID_PATTERN.test('p-7k3m9q2x')).toBe(true);
    expect(PLAN_ID_PATTERN.test('p-7k3m9q2')).toBe(false);
    expect(PLAN_ID_PATTERN.test('p-ilou1234')).toBe(false);
  });

  it('keeps UPN domains out of the words, so they never name a tenant', () => {
    expect(entitiesOf('move status alice@contoso.onmicrosoft.com').side).toBeUndefined();
  });
});

describe('side, both and all', () => {
  const labels = tenantLabels({ source: ['contoso.onmicrosoft.com'], target: ['Fabrikam'] });
  const words = (text: string) => extractWordEntities(text.split(' '), labels);

  it('maps the words for the pre-migration tenant to source', () => {
    for (const t of ['source', 'the old tenant', 'original tenant', 'previous org', 'the legacy one', 'contoso']) {
      expect(words(t)).toEqual({ side: 'source' });
    }
  });

  it('maps the words for the tenant users are on now to target', () => {
    for (const t of ['target', 'destination', 'the new tenant', 'current tenant', 'fabrikam']) {
      expect(words(t)).toEqual({ side: 'target' });
    }
  });

  it('ignores old/new/current when they are not about a tenant', () => {
    expect(words('any new redirect')).toEqual({});
    expect(words('current status')).toEqual({});
  });

  it('reads from/to only right before a tenant noun, and never over a side word', () => {
    expect(words('from the tenant')).toEqual({ side: 'source' });
    expect(words('back to the original tenant')).toEqual({ side: 'source' });
  });

  it('reads both sides', () => {
    expect(words('both')).toEqual({ both: true });
    expect(words('each tenant')).toEqual({ both: true });
    expect(words('contoso and fabrikam')).toEqual({ both: true });
  });

  it('reads all', () => {
    expect(words('everyone')).toEqual({ all: true });
  });

  it('drops tenant labels both tenants share', () => {
    expect(tenantLabels({ source: ['acme.com'], target: ['acme.org'] }).has('acme')).toBe(false);
  });

  it('reads sides through typos', () => {
    expect(entitiesOf('list redirects on the sorce tenant').side).toBe('source');
  });
});
