// Redirect sites carry the template `RedirectSite#0` in the docs, `REDIRECTSITE#0` in CLI samples and
// `RedirectSite#1` in community scripts; `_api/web` reports WebTemplate `RedirectSite`. Compare
// case-insensitively on the family name, as PnP PowerShell re-filters on the client.
export function isRedirectTemplate(template: string | null | undefined): boolean {
  return typeof template === 'string' && /^redirectsite(#\d+)?$/i.test(template.trim());
}

export function withTrailingSlash(url: string): string {
  return url.trim().replace(/\/*$/, '/');
}
