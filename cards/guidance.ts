// The end-user guidance card: one template (guidance.json) whose every word comes from a language file
// in guidance/, chosen per person, because a migration often spans countries and people act on steps
// they can read. The card carries only the campaign id back, so the server looks everything else up.
import { readFileSync } from 'node:fs';
import type template from './guidance.json';
import type en from './guidance/en.json';
import type fr from './guidance/fr.json';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';
import { VERBS } from './verbs.js';

export type { template as GuidanceTemplate };
// Type-only imports also make tsc emit the language files beside the compiled card.
export type GuidanceStrings = typeof en;
type _SameKeysAsEnglish = typeof fr extends GuidanceStrings ? true : never;
const _frHasEveryKey: _SameKeysAsEnglish = true;
void _frHasEveryKey;

/** Shipped languages, by primary subtag; the first is the fallback. */
export const GUIDANCE_LANGUAGES = ['en', 'fr'] as const;
export type GuidanceLanguage = (typeof GUIDANCE_LANGUAGES)[number];

/** The buttons' verbs (registered in bot/actions like every other verb). */
export const GUIDANCE_VERBS = { done: VERBS.guidanceDone, help: VERBS.guidanceHelp } as const;

/** The Microsoft 365 app launcher: where people sign in with the new identity on the web. */
export const M365_LAUNCHER_URL = 'https://www.microsoft365.com/';

export interface GuidanceData {
  campaignId: string;
  /** Display name, as the greeting uses it. */
  name: string;
  /** The new sign-in name on the target tenant. */
  targetUpn: string;
  /** The new mailbox address (TargetUserEmail of the identity map); the UPN when not known. */
  targetEmail?: string;
  /** https://<target>-my.sharepoint.com/personal/<…>: taken as data, the tenant knows it, we don't guess. */
  oneDriveUrl: string;
  /** Only where Teams hands odopen:// links to the OS (desktop); everyone keeps the written steps. */
  showSyncButton: boolean;
  /** The new OneDrive's ids, when read from the tenant; they let the client open the exact library. */
  sync?: { siteId?: string; webId?: string; listId?: string };
  /** The personal site holding the OneDrive (the sync link's webUrl); oneDriveUrl when not known. */
  siteUrl?: string;
  /** The person's answer so far: the card thanks them for it. */
  answered?: 'done' | 'help';
}

/** The parameters of the OneDrive client's odopen://sync link. */
export interface SyncLinkParams {
  /** Account the client signs into. Required: without it the client asks which account to use. */
  userEmail: string;
  /** URL of the OneDrive (the personal site, the web that holds the Documents library). Required. */
  webUrl: string;
  /** Optional GUIDs; with all three the client opens the Documents library itself instead of asking. */
  siteId?: string;
  webId?: string;
  listId?: string;
  /** Optional, only shown by the client while it sets up (the person's name for a OneDrive). */
  webTitle?: string;
}

/**
 * The one place that knows the odopen://sync format. Microsoft does not document it as an API: the names
 * below are what SharePoint's own Sync button sends (MS-FILESYNC names the odopen:// handler only), so
 * everything except userEmail and webUrl is inferred and optional, and the GUIDs go in braces as that
 * button writes them. Each value is percent-encoded in full (apostrophes in UPNs, spaces in titles).
 */
export function oneDriveSyncLink(p: SyncLinkParams): string {
  const params: [string, string | undefined][] = [
    ['userEmail', p.userEmail],
    ['webUrl', p.webUrl],
    ['webTitle', p.webTitle],
    ['siteId', braced(p.siteId)],
    ['webId', braced(p.webId)],
    ['listId', braced(p.listId)],
  ];
  // Inferred: with the library's id known, the Sync button also names it and asks for that list.
  if (p.siteId && p.webId && p.listId) params.push(['listTitle', 'Documents'], ['scope', 'OPENLIST']);
  const query = params.filter((e): e is [string, string] => !!e[1]).map(([k, v]) => `${k}=${encodeAll(v)}`).join('&');
  return `odopen://sync?${query}`;
}

function braced(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const bare = id.replace(/^\{|\}$/g, '');
  return `{${bare}}`;
}

/** encodeURIComponent leaves !'()* alone; a URL handed to another program gets those encoded too. */
function encodeAll(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Picks the language from the first hint that names a shipped one: Graph's preferredLanguage ("fr-FR")
 * then the Teams locale ("fr-fr", "fr"). Only the primary subtag counts, so fr-CA gets French rather
 * than English; nothing usable falls back to English.
 */
export function chooseGuidanceLanguage(...hints: (string | undefined | null)[]): GuidanceLanguage {
  for (const hint of hints) {
    const primary = hint?.trim().split(/[-_]/)[0]?.toLowerCase();
    const found = GUIDANCE_LANGUAGES.find((l) => l === primary);
    if (found) return found;
  }
  return GUIDANCE_LANGUAGES[0];
}

const strings = new Map<GuidanceLanguage, Readonly<GuidanceStrings>>();

/** A language file, read once and frozen like the templates. */
export function loadGuidanceStrings(language: GuidanceLanguage): Readonly<GuidanceStrings> {
  let s = strings.get(language);
  if (!s) {
    s = Object.freeze(JSON.parse(readFileSync(new URL(`./guidance/${language}.json`, import.meta.url), 'utf8')) as GuidanceStrings);
    strings.set(language, s);
  }
  return s;
}

/** Fills {name}-style placeholders; an unknown one throws, so a typo in a language file shows in tests. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`guidance text names an unknown placeholder {${key}}`);
    return value;
  });
}

/** language: one hint or several in order of preference (preferredLanguage, then Teams locale). */
export function renderGuidanceCard(
  data: GuidanceData,
  language: string | undefined | readonly (string | undefined)[],
  view: CardView,
): Card {
  const lang = chooseGuidanceLanguage(...(typeof language === 'string' || language === undefined ? [language] : language));
  const values = { name: data.name, upn: data.targetUpn, oneDriveUrl: data.oneDriveUrl };
  const t = Object.fromEntries(Object.entries(loadGuidanceStrings(lang)).map(([k, v]) => [k, fillPlaceholders(v, values)]));
  const syncUrl = oneDriveSyncLink({
    userEmail: data.targetEmail ?? data.targetUpn,
    webUrl: data.siteUrl ?? data.oneDriveUrl,
    webTitle: data.name,
    ...data.sync,
  });
  return renderCard(loadTemplate('guidance'), {
    t,
    campaignId: data.campaignId,
    targetUpn: data.targetUpn,
    oneDriveUrl: data.oneDriveUrl,
    launcherUrl: M365_LAUNCHER_URL,
    showSyncButton: data.showSyncButton,
    syncUrl,
    answered: data.answered ?? '',
  }, view);
}
