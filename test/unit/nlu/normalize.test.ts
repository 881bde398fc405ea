import { describe, expect, it } from '@jest/globals';
import { cleanText, MAX_INPUT_CHARS, MAX_TOKENS, stem, tokenize } from '../../../bot/nlu/normalize.js';

describe('cleanText', () => {
  it('drops leftover <at> mentions with the name inside them', () => {
    expect(cleanText('<at>Migration Bot</at> list redirects').text).toBe('list redirects');
  });

  it('drops mentions that arrive HTML-escaped', () => {
    expect(cleanText('&lt;at&gt;Bot&lt;/at&gt; status').text).toBe('status');
  });

  it('decodes entities and turns non-breaking spaces into plain spaces', () => {
    expect(cleanText('show&nbsp;redirects &amp; sites').text).toBe('show redirects & sites');
    expect(cleanText('trust\u00a0\u00a0status').text).toBe('trust status');
    expect(cleanText('a&#39;b &#x41; &#xD800; &bogus; x').text).toBe("a'b A &bogus; x");
  });

  it('straightens smart quotes and dashes', () => {
    expect(cleanText('sean.o\u2019brien@contoso.com \u201cquoted\u201d cross\u2013tenant').text)
      .toBe('sean.o\'brien@contoso.com "quoted" cross-tenant');
  });

  it('collapses whitespace, control and zero-width characters', () => {
    expect(cleanText(' list\t\tredirects\r\n\u0000source\u200b ').text).toBe('list redirects source');
  });

  it('trims trailing punctuation but remembers a question', () => {
    expect(cleanText('status?!').text).toBe('status');
    expect(cleanText('any redirects left?').question).toBe(true);
    expect(cleanText('status.').question).toBe(false);
  });

  it('keeps a lone question mark, which asks for help', () => {
    expect(cleanText('??').text).toBe('?');
  });

  it('returns empty text for empty or non-string input', () => {
    expect(cleanText('').text).toBe('');
    expect(cleanText(undefined).text).toBe('');
    expect(cleanText(42).text).toBe('');
  });

  it('caps the kept text', () => {
    expect(cleanText('status '.repeat(5000)).text.length).toBeLessThanOrEqual(MAX_INPUT_CHARS);
  });

  it('keeps the case, so UPNs can be reported as typed', () => {
    expect(cleanText('Move Status Alice@Contoso.com').text).toBe('Move Status Alice@Contoso.com');
  });
});

describe('tokenize', () => {
  it('lower-cases, splits on punctuation and joins contractions', () => {
    expect(tokenize("What's the cross-tenant host, please")).toEqual(['whats', 'the', 'cross', 'tenant', 'host', 'please']);
  });

  it('keeps at most MAX_TOKENS tokens', () => {
    expect(tokenize('a '.repeat(1000))).toHaveLength(MAX_TOKENS);
  });

  it('gives nothing for emoji-only text', () => {
    expect(tokenize('\u{1F600}\u{1F680}')).toEqual([]);
  });
});

describe('stem', () => {
  it('folds plurals the same way on both sides of a comparison', () => {
    expect(stem('redirects')).toBe('redirect');
    expect(stem('redirections')).toBe('redirection');
    expect(stem('entries')).toBe('entry');
    expect(stem('status')).toBe('status');
    expect(stem('access')).toBe('access');
  });
});
