// The setup check's storage item against a real Blob service (Azurite): the container there, missing,
// refused for a wrong key, or not reachable at all; and the file store. It only reads: a missing container
// is still missing afterwards.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkSetup } from '../../bot/setupCheckRunner.js';
import { openContainer } from '../../services/store/blobContainer.js';
import { startAzurite, type Azurite } from '../helpers/azurite.js';

let azurite: Azurite;
beforeAll(async () => { azurite = await startAzurite(); }, 30_000);
afterAll(() => azurite?.close());

const storageItem = async (env: Record<string, string>) => {
  const report = await checkSetup({ LOG_LEVEL: 'silent', ...env });
  return { item: report.items.find((i) => i.id === 'storage'), text: JSON.stringify(report) };
};
const blobEnv = (connectionString: string, container: string) => ({ STORAGE: 'azure-blob', AZURE_STORAGE_CONNECTION_STRING: connectionString, AZURE_STORAGE_CONTAINER: container });

describe('the storage item of the setup check', () => {
  it('finds the shared container reachable', async () => {
    await openContainer({ connectionString: azurite.connectionString }, 'checked-there');
    const { item } = await storageItem(blobEnv(azurite.connectionString, 'checked-there'));
    expect(item).toMatchObject({ ok: true, title: 'Storage: Azure Blob container checked-there' });
  }, 30_000);

  it('warns of a missing container, which the bot creates at start, and does not create it itself', async () => {
    const { item } = await storageItem(blobEnv(azurite.connectionString, 'not-made-yet'));
    expect(item).toMatchObject({ ok: 'warn', detail: expect.stringMatching(/does not exist yet/) });
    const again = await storageItem(blobEnv(azurite.connectionString, 'not-made-yet'));
    expect(again.item?.ok).toBe('warn');
  }, 30_000);

  it('fails on a key the account refuses, saying where to copy it from, and never shows the key', async () => {
    const wrongKey = Buffer.from('not the account key, 64 bytes long, so it decodes fine as base64').toString('base64');
    const connection = azurite.connectionString.replace(/AccountKey=[^;]+/, `AccountKey=${wrongKey}`);
    const { item, text } = await storageItem(blobEnv(connection, 'checked-there'));
    expect(item).toMatchObject({ ok: false, fix: expect.stringMatching(/Access keys/) });
    expect(item!.detail).toMatch(/HTTP 403/);
    expect(text).not.toContain(wrongKey);
  }, 30_000);

  it('fails within seconds on an account nobody answers for', async () => {
    const closed = azurite.connectionString.replace(`127.0.0.1:${azurite.port}/`, '127.0.0.1:9/');
    const started = Date.now();
    const { item } = await storageItem(blobEnv(closed, 'checked-there'));
    expect(item).toMatchObject({ ok: false, fix: expect.stringMatching(/reach the storage account/) });
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 40_000);

  it('names the file store and its one-instance limit', async () => {
    const { item } = await storageItem({ STORAGE: 'file:./data' });
    expect(item).toMatchObject({ ok: true, detail: expect.stringMatching(/file store in .*data \(one instance/) });
  }, 30_000);
});
