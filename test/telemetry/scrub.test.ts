// The text rules of what telemetry may carry: every form of a person's UPN the bot handles leaves as [upn].
import { describe, expect, it } from '@jest/globals';
import { scrubText } from '../../services/telemetry/scrub.js';

describe('scrubText', () => {
  it.each([
    ['a member', 'adele.vance@contoso.com'],
    ['an apostrophe', "o'brien@contoso.com"],
    ['a B2B guest', 'adele_contoso.com#EXT#@fabrikam.onmicrosoft.com'],
    ['a URL-encoded guest', 'adele_contoso.com%23EXT%23%40fabrikam.onmicrosoft.com'],
  ])('removes %s UPN from a log line', (_kind, upn) => {
    const out = scrubText(`user ${upn} not found`);
    expect(out).not.toContain(upn);
    expect(out).not.toContain('adele');
    expect(out).not.toContain("o'brien");
  });
});
