// The one form in which a site URL is compared, deduplicated and used as a key. SharePoint answers the
// same site under any case and with or without a trailing slash, and a person or a setting may add the
// default port; all of those must meet. Kept as plain text work (no URL parser): a parser would
// percent-encode paths, and stored plan item keys ("remove-redirect:<this form>") must keep their meaning.

const DEFAULT_PORT: Readonly<Record<string, string>> = { https: ':443', http: ':80' };

/** Lower case, trimmed, without the scheme's default port and without trailing slashes. */
export function normalSiteUrl(url: string): string {
  const lower = url.trim().toLowerCase();
  const parts = /^(https?):\/\/([^/?#]*)(.*)$/.exec(lower);
  const whole = parts ? `${parts[1]}://${withoutDefaultPort(parts[1]!, parts[2]!)}${parts[3]}` : lower;
  return whole.replace(/\/+$/, '');
}

/** Whether two site URLs name the same site. */
export function sameSiteUrl(a: string, b: string): boolean {
  return normalSiteUrl(a) === normalSiteUrl(b);
}

/** The host (and a port other than the default) of a site URL, lower case: "contoso-my.sharepoint.com". */
export function siteHost(url: string): string {
  return normalSiteUrl(url).replace(/^https?:\/\//, '').split(/[/?#]/)[0]!;
}

function withoutDefaultPort(scheme: string, authority: string): string {
  const port = DEFAULT_PORT[scheme];
  return port && authority.endsWith(port) ? authority.slice(0, -port.length) : authority;
}
