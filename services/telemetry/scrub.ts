// The one place that decides what of a URL or a text may leave the process as telemetry. SharePoint and
// Graph addresses name people: a OneDrive is /personal/adele_contoso_com, Graph asks /users/adele@contoso.com
// and /users('…'), queries carry site URLs and filters. Telemetry keeps the host and the shape of the
// path (a route template) and drops every identifier in it; free text (log messages, exception messages
// and stacks) loses e-mail addresses, personal-site names, URLs' paths and anything shaped like a token.
// Object ids in the bot's own fields (planId, an Entra object id) stay: they say nothing without the tenant.

/** What an identifier in a path becomes. A colon, not braces: the exporter re-parses the URL, which would escape braces. */
export const ID = ':id';

/** Path words after which the next segment names a person, a site or an object. */
const NAMING = new Set(['personal', 'sites', 'teams', 'users', 'user', 'groups', 'drives', 'items', 'members', 'chats', 'people', 'contacts', 'messages', 'mailfolders', 'installedapps', 'crosstenantmigrationjobs', 'jobs', 'secrets', 'certificates', 'keys']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An API word: letters, digits and . _ - $ only (no @ % ' ( ) , = ! ~), not all digits, not too long to be a word. */
const WORD = /^(?!\d+$)[A-Za-z0-9_.$-]{1,40}$/;
const FUNCTION = /^([A-Za-z][\w.]*)\((.+)\)$/s;
const PATH = /^\/[^\s]*$/;

/** `https://host/route/:id/template`: host and path shape only, no query, no fragment, no identifier. */
export function scrubUrl(url: URL | string): string {
  let parsed: URL;
  try { parsed = typeof url === 'string' ? new URL(url) : url; } catch { return '[url]'; }
  return `${parsed.protocol}//${parsed.host}${routeOf(parsed.pathname)}`;
}

/** The path with each identifying segment replaced by :id. */
export function routeOf(pathname: string): string {
  const segments = pathname.split('/');
  return segments.map((segment, i) => {
    if (segment === '') return segment;
    const previous = decodeSafe(segments[i - 1] ?? '').toLowerCase();
    const word = decodeSafe(segment);
    // A function segment (SharePoint REST, Graph): its name is the route, its arguments are data.
    const call = FUNCTION.exec(word);
    if (call && WORD.test(call[1]!) && !NAMING.has(previous)) return `${call[1]}(${ID})`;
    return NAMING.has(previous) || GUID.test(word) || !WORD.test(word) ? ID : word;
  }).join('/');
}

// '#' too: a B2B guest's UPN is alice_contoso.com#EXT#@fabrikam.onmicrosoft.com, common in cross-tenant work.
const EMAIL = /[A-Za-z0-9._%+'#-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>`)\]]+/gi;
const PERSONAL = /\/personal\/[^/\s"'?#)\]]+/gi;
/** JWTs (Entra and Bot Framework tokens), bearer values and SAS signatures. */
const TOKEN = /\beyJ[\w-]{6,}\.[\w-]{6,}\.[\w-]*|\b(Bearer|Basic)\s+[\w.~+/=-]+|\bsig=[^&\s"']+/g;

/** Free text as it may be sent: URLs reduced to their route, addresses, personal sites and tokens removed. */
export function scrubText(text: string): string {
  return text
    .replace(TOKEN, (m, scheme?: string) => (scheme ? `${scheme} [token]` : '[token]'))
    .replace(URL_IN_TEXT, (m) => scrubUrl(m))
    .replace(PERSONAL, `/personal/${ID}`)
    .replace(EMAIL, '[upn]');
}

/** Fields that hold a person's name or address whatever their value looks like: dropped, not scrubbed. */
const PERSONAL_FIELDS = new Set(['upn', 'sourceUpn', 'targetUpn', 'userPrincipalName', 'mail', 'email', 'displayName', 'from', 'to', 'recipient']);

/** A log field as a telemetry attribute: personal fields dropped (undefined), text scrubbed, objects as scrubbed JSON. */
export function scrubField(key: string, value: unknown): string | number | boolean | undefined {
  if (PERSONAL_FIELDS.has(key) || value === undefined || value === null) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  // A URL path on its own (the retry log's `path`): its route, as on the call's span.
  if (typeof value === 'string' && PATH.test(value)) return routeOf(value.split('?')[0]!);
  // Scrubbed before it is cut, so no address is cut in half where the pattern would miss it.
  const text = scrubText(typeof value === 'string' ? value : safeJson(value));
  return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
}

function safeJson(value: unknown): string {
  try { return JSON.stringify(value) ?? String(value); } catch { return String(value); }
}

function decodeSafe(segment: string): string {
  try { return decodeURIComponent(segment); } catch { return segment; }
}
