// Opens the Azure Blob Storage container that holds every piece of shared state (STORAGE=azure-blob),
// creating it on first use. One ContainerClient per process; the store and the audit log share it.
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { ConfigError } from '../errors.js';

export async function openContainer(connectionString: string, name: string): Promise<ContainerClient> {
  let service: BlobServiceClient;
  try {
    service = BlobServiceClient.fromConnectionString(connectionString);
  } catch (err) {
    // The SDK's message can quote the string: never repeat it, it holds the account key.
    throw new ConfigError('AZURE_STORAGE_CONNECTION_STRING is not a storage connection string (copy it from the storage account\'s Access keys).', { cause: (err as Error).name });
  }
  const container = service.getContainerClient(name);
  try {
    await container.createIfNotExists();
  } catch (err) {
    const e = err as { statusCode?: number; code?: string; name?: string };
    throw new ConfigError(`The blob container "${name}" cannot be opened (${e.code ?? e.name ?? 'error'}${e.statusCode ? `, HTTP ${e.statusCode}` : ''}). Check AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_CONTAINER.`);
  }
  return container;
}
