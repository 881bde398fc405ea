// Fills the manifest template with the app's ids and the command menu, from the same command table
// that dispatches chat commands, so the menu cannot drift from what the bot understands.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../bot/projectRoot.js';

export interface MenuCommand { name: string; summary: string }

/** Placeholder ids used when packaging for a rehearsal without a registered bot (never valid in Teams). */
export const PLACEHOLDER_APP_ID = '00000000-0000-4000-8000-000000000001';
export const PLACEHOLDER_BOT_ID = '00000000-0000-4000-8000-000000000002';

// Teams allows 10 commands per list, titles ≤ 32 and descriptions ≤ 128 characters.
const MENU_LIMIT = 10;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** manifest/ in the project, whether this runs from source or from dist/manifest/. */
export function manifestDir(): string {
  return join(projectRoot(), 'manifest');
}

export function readTemplate(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8')) as Record<string, unknown>;
}

export function buildManifest(
  template: Record<string, unknown>,
  ids: { appId?: string; botId?: string },
  commands: readonly MenuCommand[],
): Record<string, unknown> {
  const appId = ids.appId || PLACEHOLDER_APP_ID;
  const botId = ids.botId || PLACEHOLDER_BOT_ID;
  for (const [key, value] of [['TEAMS_APP_ID', appId], ['MicrosoftAppId', botId]] as const) {
    if (!GUID.test(value)) throw new Error(`${key} must be a GUID, got "${value}"`);
  }
  const filled = JSON.parse(
    JSON.stringify(template).replaceAll('{{TEAMS_APP_ID}}', appId).replaceAll('{{BOT_ID}}', botId),
  ) as Record<string, unknown> & { bots: Array<Record<string, unknown>> };
  const menu = commands.slice(0, MENU_LIMIT).map((c) => ({ title: c.name.slice(0, 32), description: c.summary.slice(0, 128) }));
  filled.bots[0].commandLists = [{ scopes: ['personal', 'team', 'groupChat'], commands: menu }];
  return filled;
}
