// Redirect sites carry the template `RedirectSite#0` in the docs, `REDIRECTSITE#0` in CLI samples and
// `RedirectSite#1` in community scripts; `_api/web` reports WebTemplate `RedirectSite`. Compare
// case-insensitively on the family name, as PnP PowerShell re-filters on the client.
export function isRedirectTemplate(template: string | null | undefined): boolean {
  return typeof template === 'string' && /^redirectsite(#\d+)?$/i.test(template.trim());
}

export function withTrailingSlash(url: string): string {
  return url.trim().replace(/\/*$/, '/');
}

/** The same URL with the trailing slash if it has none, without it if it has one (hosts are written both ways). */
export function otherSlashForm(url: string): string {
  const trimmed = url.trim();
  return /\/$/.test(trimmed) ? trimmed.replace(/\/+$/, '') : `${trimmed}/`;
}
