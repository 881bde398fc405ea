import { describe, expect, it } from '@jest/globals';
import { TenantError } from '../../../services/errors.js';
import { csomResult, parseCsomReply, tenantMethods } from '../../../services/tenants/csom.js';
import { sitePageRequest, toRedirectSite } from '../../../services/tenants/operations/listRedirectSites.js';
import { wireJson, wireText } from '../helpers/fixtures.js';

const APP = 'PostMigrationBot/0.1.0';

function thrown(run: () => unknown): TenantError {
  try { run(); } catch (err) { if (err instanceof TenantError) return err; throw err; }
  throw new Error('expected a TenantError');
}

describe('CSOM reply parsing', () => {
  it('reads the site page by the query id: items, and the token for the next page', () => {
    const request = sitePageRequest(APP, '0');
    const page = csomResult(parseCsomReply(wireText('csom-sites-page-first.json')), request, request.queryId) as
      { _Child_Items_: Array<{ Url: string; Template: string }>; NextStartIndexFromSharePoint: string | null };
    expect(page._Child_Items_.map(i => i.Template)).toEqual(['RedirectSite#0', 'STS#3', 'REDIRECTSITE#0', 'SPSPERS#10']);
    expect(page.NextStartIndexFromSharePoint).toMatch(/^SPSiteQuery,/);
  });

  it('reads the last page\'s null token', () => {
    const request = sitePageRequest(APP, 'SPSiteQuery,x');
    const page = csomResult(parseCsomReply(wireText('csom-sites-page-last.json')), request, request.queryId) as { NextStartIndexFromSharePoint: unknown };
    expect(page.NextStartIndexFromSharePoint).toBeNull();
  });

  it('maps a site item to a RedirectSite with an ISO date', () => {
    const items = (wireJson<unknown[]>('csom-sites-page-last.json')[6] as { _Child_Items_: Parameters<typeof toRedirectSite>[0][] })._Child_Items_;
    expect(toRedirectSite(items[0])).toEqual({
      url: 'https://northwind-my.sharepoint.com/personal/dee_o_hara_northwind_com', template: 'RedirectSite#1', title: "Dee O'Hara",
      owner: "dee.o'hara@northwind.com", status: 'Active', lockState: 'Unlock', lastContentModified: '2025-12-31T23:59:59.999Z',
    });
  });

  it('falls back to position when the reply\'s action ids do not match the request\'s', () => {
    const request = tenantMethods(APP, [{ name: 'GetMySiteHostUrl', params: [] }]);
    const reply = parseCsomReply(wireText('csom-hosturl-id-mismatch.json'));
    expect(reply.pairs.map(([id]) => id)).toEqual([41, 42]);
    expect(csomResult(reply, request, request.methodIds[0])).toBe('https://northwind-my.sharepoint.com');
  });

  it('answers undefined rather than guessing when ids and counts both differ', () => {
    const request = tenantMethods(APP, [{ name: 'A', params: [] }, { name: 'B', params: [] }]);
    expect(csomResult(parseCsomReply(wireText('csom-hosturl-id-mismatch.json')), request, 4)).toBeUndefined();
  });

  it('parses a raw body (recorded form) with \\r separators', () => {
    const recording = wireJson<{ Response: string }>('csom-verify-trust.raw-body.json');
    expect(recording.Response).toContain('\r');
    const request = tenantMethods(APP, [{ name: 'VerifySPOTenantOrgRelation', params: [] }]);
    expect(csomResult(parseCsomReply(recording.Response), request, 3)).toBe(4);
  });

  it('throws the ErrorTypeName of a non-null ErrorInfo, with HTTP 200', () => {
    const err = thrown(() => parseCsomReply(wireText('csom-error-nosite.json')));
    expect(err.serviceCode).toBe('Microsoft.Online.SharePoint.Common.SpoNoSiteException');
    expect(err.httpStatus).toBe(200);
    expect(err.userMessage).toContain('Cannot get site https://northwind.sharepoint.com/sites/gone');
  });

  it('prefers the MnA status code named in the message over the generic type name', () => {
    const err = thrown(() => parseCsomReply(wireText('csom-error-mna-dormant.json')));
    expect(err.serviceCode).toBe('MnATrustDormant');
    expect(err.userMessage).toMatch(/dormant/i);
    expect(err.userMessage).toContain('https://woodgrove-my.sharepoint.com/');
  });

  it('shows the service\'s own message for System.ArgumentException', () => {
    const err = thrown(() => parseCsomReply(wireText('csom-error-argument.json')));
    expect(err.serviceCode).toBe('System.ArgumentException');
    expect(err.userMessage).toContain('Unable to find the deleted site: https://northwind.sharepoint.com/sites/gone.');
  });

  it('refuses a body that is not a CSOM reply', () => {
    expect(thrown(() => parseCsomReply('<html>Sign in</html>')).serviceCode).toBe('CsomUnreadable');
    expect(thrown(() => parseCsomReply('{"a":1}')).serviceCode).toBe('CsomUnreadable');
  });
});
