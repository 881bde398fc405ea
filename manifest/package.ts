// `npm run package`: builds the Teams app package (manifest.json + both icons at the zip's root),
// validated offline against the manifest schema bundled in @microsoft/app-manifest.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { buildManifest, manifestDir, readTemplate, type MenuCommand } from './buildManifest.js';

// The Teams schemas ship inside @microsoft/app-manifest (v1.0–v1.30), so validation needs no network.
// We compile the bundled draft-04 schema with ajv ourselves, as that library does, because its own
// entry point require()s an ESM-only dependency that jest's module loader cannot load.
const schemaRoot = join(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json'), '..', 'build', 'json-schemas', 'teams');

export function schemaFor(manifest: Record<string, unknown>): Record<string, unknown> {
  const match = /\/teams\/(v1\.\d+)\/MicrosoftTeams\.schema\.json$/.exec(String(manifest.$schema ?? ''));
  if (!match) throw new Error(`$schema must name a bundled Teams schema version, got "${String(manifest.$schema)}"`);
  return JSON.parse(readFileSync(join(schemaRoot, match[1], 'MicrosoftTeams.schema.json'), 'utf8')) as Record<string, unknown>;
}

export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schemaFor(manifest));
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

export async function packageApp(
  outFile: string,
  ids: { appId?: string; botId?: string },
  commands: readonly MenuCommand[],
): Promise<{ file: string; manifest: Record<string, unknown> }> {
  const dir = manifestDir();
  const manifest = buildManifest(readTemplate(dir), ids, commands);
  const errors = await validateManifest(manifest);
  if (errors.length > 0) throw new Error(`The manifest does not pass the Teams schema:\n- ${errors.join('\n- ')}`);
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
  zip.addFile('color.png', readFileSync(join(dir, 'color.png')));
  zip.addFile('outline.png', readFileSync(join(dir, 'outline.png')));
  zip.writeZip(outFile);
  return { file: outFile, manifest };
}
