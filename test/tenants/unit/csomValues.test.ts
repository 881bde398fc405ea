import { describe, expect, it } from '@jest/globals';
import { csomDateToIso } from '../../../services/tenants/csom.js';
import { OrgRelationRole, verificationFromWire } from '../../../services/tenants/csomEnums.js';
import { isRedirectTemplate } from '../../../services/tenants/redirectTemplates.js';

describe('CSOM dates', () => {
  it('reads /Date(y,m,d,h,mi,s,ms)/ with a 0-based month as UTC', () => {
    expect(csomDateToIso('/Date(2025,0,31,23,5,9,120)/')).toBe('2025-01-31T23:05:09.120Z');
    expect(csomDateToIso('/Date(2024,11,31,0,0,0,0)/')).toBe('2024-12-31T00:00:00.000Z');
  });
  it('keeps years below 100 (DateTime.MinValue) instead of moving them to the 1900s', () => {
    expect(csomDateToIso('/Date(1,0,1,0,0,0,0)/')).toBe('0001-01-01T00:00:00.000Z');
  });
  it('reads the epoch-milliseconds form too', () => {
    expect(csomDateToIso('/Date(1735689600000)/')).toBe('2025-01-01T00:00:00.000Z');
  });
  it('answers undefined for anything else', () => {
    for (const v of [undefined, null, '', '2025-01-01', '/Date(x)/', 42]) expect(csomDateToIso(v)).toBeUndefined();
  });
});

describe('CSOM enums (integers inferred from position)', () => {
  it('maps each verification integer to its name', () => {
    expect([0, 1, 2, 3, 4, 5].map(verificationFromWire)).toEqual([
      'NotEstablished', 'NotEstablishedByPartner', 'Dormant', 'DormantByPartner', 'GoodToProceed', 'CouldNotContactPartner']);
  });
  it('shows an integer it does not know instead of guessing', () => {
    expect(verificationFromWire(9)).toBe('Unknown(9)');
    expect(verificationFromWire(null)).toBe('Unknown(-1)');
    expect(verificationFromWire('4')).toBe('GoodToProceed');
  });
  it('accepts a name on the wire as well', () => {
    expect(verificationFromWire('GoodToProceed')).toBe('GoodToProceed');
  });
  it('sends the partner role as Source=1, Target=2', () => {
    expect(OrgRelationRole).toEqual({ None: 0, Source: 1, Target: 2 });
  });
});

describe('redirect templates', () => {
  it('keeps every spelling of the redirect template, case-insensitively', () => {
    for (const t of ['RedirectSite#0', 'REDIRECTSITE#0', 'redirectsite#1', 'RedirectSite']) expect(isRedirectTemplate(t)).toBe(true);
  });
  it('drops everything else', () => {
    for (const t of ['SPSPERS#10', 'STS#3', 'RedirectSiteX#0', '', undefined]) expect(isRedirectTemplate(t)).toBe(false);
  });
});
