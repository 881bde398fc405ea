// Keeps an imported map file in the store directory. The bytes are copied to a temp file while they
// are checked (an attachment stream can be read only once), and the temp file replaces the stored map by
// rename only when every row passed: a reader sees the old map or the new one, never half of either.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { importIdentityMap, type IdentityMapLimits, type IdentityMapSource, type ImportResult } from './importer.js';

export const STORED_IDENTITY_MAP = 'identity-map.csv';

export interface SavedImport<R = ImportResult> { result: R; path: string }

export function saveIdentityMap(storeDir: string, source: IdentityMapSource, limits: IdentityMapLimits = {}): Promise<SavedImport> {
  return saveMapFile(storeDir, STORED_IDENTITY_MAP, (copyTo) => importIdentityMap(source, limits, copyTo));
}

/** `check` reads the file once, writing every byte to `copyTo`; its result says whether the copy is kept as `fileName`. */
export async function saveMapFile<R extends { ok: boolean }>(storeDir: string, fileName: string, check: (copyTo: FileHandle) => Promise<R>): Promise<SavedImport<R>> {
  await mkdir(storeDir, { recursive: true });
  const path = join(storeDir, fileName);
  // Same directory as the target, so the rename stays on one file system and is atomic.
  const temp = join(storeDir, `.${fileName}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx');
  let result: R;
  try {
    result = await check(handle);
    if (result.ok) await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  if (result.ok) await rename(temp, path);
  else await rm(temp, { force: true });
  return { result, path };
}
