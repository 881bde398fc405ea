import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { buildManifest, manifestDir, readTemplate, PLACEHOLDER_BOT_ID } from '../../manifest/buildManifest.js';
import { packageApp, validateManifest } from '../../manifest/package.js';

const commands = [
  { name: 'help', summary: 'What the bot can do' },
  { name: 'list redirects', summary: 'Redirect sites left by the moves' },
];
const ids = { appId: '2b1c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b', botId: '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918' };

describe('Teams app package', () => {
  it('builds a manifest that passes the bundled Teams schema offline', async () => {
    const manifest = buildManifest(readTemplate(manifestDir()), ids, commands);
    expect(await validateManifest(manifest)).toEqual([]);
    expect(manifest.id).toBe(ids.appId);
    const bot = (manifest.bots as Array<Record<string, unknown>>)[0];
    expect(bot.botId).toBe(ids.botId);
    expect(bot.commandLists).toEqual([
      { scopes: ['personal', 'team', 'groupChat'], commands: [
        { title: 'help', description: 'What the bot can do' },
        { title: 'list redirects', description: 'Redirect sites left by the moves' },
      ] },
    ]);
  });

  it('reports schema errors by path', async () => {
    const manifest = buildManifest(readTemplate(manifestDir()), ids, commands);
    delete manifest.accentColor;
    (manifest.bots as Array<Record<string, unknown>>)[0].scopes = ['everywhere'];
    const errors = await validateManifest(manifest);
    expect(errors.join('\n')).toMatch(/accentColor/);
    expect(errors.join('\n')).toMatch(/scopes/);
  });

  it('refuses ids that are not GUIDs and uses placeholders when none are given', () => {
    expect(() => buildManifest(readTemplate(manifestDir()), { appId: 'my-app' }, commands)).toThrow(/TEAMS_APP_ID must be a GUID/);
    const manifest = buildManifest(readTemplate(manifestDir()), {}, commands);
    expect((manifest.bots as Array<Record<string, unknown>>)[0].botId).toBe(PLACEHOLDER_BOT_ID);
  });

  it('keeps the menu within the Teams limits (10 commands, 32-character titles, 128-character descriptions)', async () => {
    const many = Array.from({ length: 14 }, (_, i) => ({ name: `command number ${i} with a very long title`, summary: 'x'.repeat(200) }));
    const manifest = buildManifest(readTemplate(manifestDir()), ids, many);
    const list = ((manifest.bots as Array<Record<string, unknown>>)[0].commandLists as Array<{ commands: Array<{ title: string; description: string }> }>)[0];
    expect(list.commands).toHaveLength(10);
    expect(Math.max(...list.commands.map((c) => c.title.length))).toBeLessThanOrEqual(32);
    expect(await validateManifest(manifest)).toEqual([]);
  });

  it('zips the manifest and both icons, at their required sizes, at the root', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pkg-')), 'app.zip');
    await packageApp(out, ids, commands);
    const zip = new AdmZip(readFileSync(out));
    expect(zip.getEntries().map((e) => e.entryName).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const color = PNG.sync.read(zip.readFile('color.png')!);
    const outline = PNG.sync.read(zip.readFile('outline.png')!);
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    // The outline icon must be white on transparent: every pixel is either transparent or white.
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = outline.data.subarray(i, i + 4);
      expect(a === 0 || (r === 255 && g === 255 && b === 255)).toBe(true);
    }
    expect(JSON.parse(zip.readAsText('manifest.json')).id).toBe(ids.appId);
  });
});
