// The guidance as an e-mail, for people Teams cannot reach: the same texts as the card (guidance/<language>.json,
// chosen the same way) in the HTML layout of guidanceMail.json. No buttons: the e-mail says where to ask.
import { readFileSync } from 'node:fs';
import type template from './guidanceMail.json';
import { chooseGuidanceLanguage, fillPlaceholders, loadGuidanceStrings, M365_LAUNCHER_URL } from './guidance.js';

// The type-only import makes tsc emit the layout beside the compiled renderer.
export type { template as GuidanceMailTemplate };

export interface GuidanceMailData {
  name: string;
  targetUpn: string;
  oneDriveUrl: string;
}

let layout: string | undefined;

function loadLayout(): string {
  layout ??= (JSON.parse(readFileSync(new URL('./guidanceMail.json', import.meta.url), 'utf8')) as { html: string[] }).html.join('\n');
  return layout;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** language: hints in order of preference (Graph preferredLanguage, then the Teams locale). */
export function renderGuidanceMail(data: GuidanceMailData, language: readonly (string | undefined)[]): { subject: string; html: string } {
  const lang = chooseGuidanceLanguage(...language);
  const values = { name: data.name, upn: data.targetUpn, oneDriveUrl: data.oneDriveUrl };
  const t = Object.fromEntries(Object.entries(loadGuidanceStrings(lang)).map(([k, v]) => [`t.${k}`, fillPlaceholders(v, values)]));
  const fields: Record<string, string> = { ...t, lang, upn: data.targetUpn, oneDriveUrl: data.oneDriveUrl, launcherUrl: M365_LAUNCHER_URL };
  const html = loadLayout().replace(/\{\{([\w.]+)\}\}/g, (_, key: string) => {
    const value = fields[key];
    if (value === undefined) throw new Error(`guidance e-mail layout names an unknown field {{${key}}}`);
    return escapeHtml(value);
  });
  return { subject: t['t.mailSubject']!, html };
}
