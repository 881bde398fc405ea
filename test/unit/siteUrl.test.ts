import { describe, expect, it } from '@jest/globals';
import { redirectItemKey } from '../../services/approvals/removeRedirectsPlan.js';
import { personalSiteUrl } from '../../services/insights/redirects.js';
import { normalSiteUrl, sameSiteUrl, siteHost } from '../../services/siteUrl.js';
import { rolesForPartner } from '../../services/tenants/relationText.js';

const BOB = 'https://contoso-my.sharepoint.com/personal/bob_contoso_com';

describe('normalSiteUrl', () => {
  it('meets a site whatever the case of its host and path', () => {
    expect(normalSiteUrl('HTTPS://Contoso-My.SharePoint.com/Personal/Bob_Contoso_com')).toBe(BOB);
  });

  it('drops trailing slashes and surrounding spaces', () => {
    expect(normalSiteUrl(` ${BOB}// `)).toBe(BOB);
    expect(normalSiteUrl('https://contoso-my.sharepoint.com/')).toBe('https://contoso-my.sharepoint.com');
  });

  it("drops the scheme's default port, and keeps any other", () => {
    expect(normalSiteUrl('https://contoso-my.sharepoint.com:443/personal/bob_contoso_com/')).toBe(BOB);
    expect(normalSiteUrl('http://127.0.0.1:80/sites/a')).toBe('http://127.0.0.1/sites/a');
    expect(normalSiteUrl('http://127.0.0.1:4431/sites/a')).toBe('http://127.0.0.1:4431/sites/a');
    // 443 is only https's default: on http it names another port.
    expect(normalSiteUrl('http://contoso.example:443/')).toBe('http://contoso.example:443');
  });

  it('keeps the path apart from the host: another site, or a host that only starts alike, is not the same', () => {
    expect(sameSiteUrl(BOB, 'https://contoso-my.sharepoint.com/personal/bob_contoso_com2')).toBe(false);
    expect(sameSiteUrl(BOB, 'https://contoso-my.sharepoint.com')).toBe(false);
    expect(sameSiteUrl('https://contoso-my.sharepoint.com', 'https://contoso-my.sharepoint.com.evil.example')).toBe(false);
  });

  it('gives the host alone, with a port other than the default', () => {
    expect(siteHost('https://Contoso-My.SharePoint.com:443/')).toBe('contoso-my.sharepoint.com');
    expect(siteHost(`${BOB}/`)).toBe('contoso-my.sharepoint.com');
    expect(siteHost('http://127.0.0.1:4431/sites/a')).toBe('127.0.0.1:4431');
    expect(siteHost('contoso-my.sharepoint.com/')).toBe('contoso-my.sharepoint.com');
  });
});

describe('keys stored before the one normaliser', () => {
  // What removal plans stored as item keys until now: "remove-redirect:" + the URL trimmed, lower case,
  // without trailing slashes. A stored plan's item must keep matching its site.
  const storedBefore = (url: string) => `remove-redirect:${url.trim().toLowerCase().replace(/\/+$/, '')}`;

  it('match the key a removal plan builds today for every form SharePoint lists', () => {
    for (const url of [BOB, `${BOB}/`, 'https://Contoso-My.SharePoint.com/personal/Bob_Contoso_com',
      'https://contoso.sharepoint.com/sites/Finance-Team/', "https://contoso-my.sharepoint.com/personal/sean_o'brien_contoso_com",
      'http://127.0.0.1:50321/personal/adele_contoso_com']) {
      expect(redirectItemKey(url)).toBe(storedBefore(url));
    }
  });

  it("match the key a migrate-back plan stored for the person's original URL", () => {
    for (const upn of ['Bob@Contoso.com', "sean.o'brien@contoso.com", 'a.b-c+d@contoso.onmicrosoft.com']) {
      const url = personalSiteUrl('https://contoso-admin.sharepoint.com', upn);
      expect(redirectItemKey(url)).toBe(`remove-redirect:${url.toLowerCase()}`);
    }
  });
});

describe('a relation names the partner by its host', () => {
  it('whatever the case, trailing slash or default port of the host URL we hold', () => {
    const text = 'PartnerCrossTenantHostUrl : https://contoso-my.sharepoint.com/ PartnerRole : Source';
    for (const host of ['https://contoso-my.sharepoint.com/', 'HTTPS://CONTOSO-MY.SHAREPOINT.COM', 'https://contoso-my.sharepoint.com:443']) {
      expect(rolesForPartner(text, host)).toEqual(['Source']);
    }
    expect(rolesForPartner('PartnerCrossTenantHostUrl : https://contoso-my.sharepoint.com.evil.example/ PartnerRole : Source', 'https://contoso-my.sharepoint.com/')).toEqual([]);
  });
});
