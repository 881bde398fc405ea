// Opens the Azure Blob Storage container that holds every piece of shared state (STORAGE=azure-blob),
// creating it on first use. One ContainerClient per process; the store and the audit log share it.
// In Azure the account is reached by its URL with the process's Azure credential (the web app's managed
// identity, granted Storage Blob Data Contributor), so no key sits in the settings; a connection string
// remains for Azurite and local runs.
//
// Retries are set here, and bounded. The SDK's defaults wait up to 120 s between tries and never time a
// try out on the client (its tryTimeoutInMs only asks the *server* to give up), so a storage account that
// stops answering held a job step, a card click or a shutdown for ever. The SDK also leaves 429 alone and
// ignores Retry-After. The policy below runs inside the SDK's retry loop, once per try: it gives each try
// a client-side deadline (a try that runs out is retried like a reset), waits what a 429/503 asks
// (Retry-After, capped) and hands a 429 to the retry loop as the 503 the SDK retries.
import { BlobServiceClient, RestError, type ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { azureCredential } from '../azureCredential.js';
import { ConfigError } from '../errors.js';

/** How the account is reached: its blob endpoint with the Azure credential (no key), or a connection string. */
export type BlobAccount = { accountUrl: string } | { connectionString: string };

export interface StorageRetry {
  /** Tries per request, the first included (default 5). */
  maxTries: number;
  /** First pause between tries, doubling (default 500 ms), and the longest pause (default 4 s). */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** Client-side deadline of one try (default 10 s): an answer not begun by then counts as a reset. */
  tryTimeoutMs: number;
}

/** Worst case per request: 5 tries × 10 s + pauses 0.5 + 1.5 + 3.5 + 4 s ≈ 60 s, then an error with a reason. */
export const DEFAULT_STORAGE_RETRY: StorageRetry = { maxTries: 5, retryDelayMs: 500, maxRetryDelayMs: 4_000, tryTimeoutMs: 10_000 };

export async function openContainer(account: BlobAccount, name: string, retry: Partial<StorageRetry> = {}): Promise<ContainerClient> {
  const container = containerClient(account, name, retry);
  try {
    await container.createIfNotExists();
  } catch (err) {
    const check = 'accountUrl' in account
      ? 'Check AZURE_STORAGE_ACCOUNT_URL, AZURE_STORAGE_CONTAINER and that the identity holds Storage Blob Data Contributor on the account.'
      : 'Check AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_CONTAINER.';
    throw new ConfigError(`The blob container "${name}" cannot be opened (${describeFailure(err)}). ${check}`);
  }
  return container;
}

/** `code`: the service's error code (x-ms-error-code) or the credential's error name, when there is one. */
export type ContainerProbe = { state: 'ok' } | { state: 'missing' } | { state: 'error'; reason: string; status?: number; code?: string };

/**
 * What the setup check reports of the container, changing nothing (one read of its properties): there,
 * missing (made at the bot's first start), or why it cannot be reached. Fewer and shorter tries than the
 * bot's own, so a dead account fails the check in seconds.
 */
export async function probeContainer(account: BlobAccount, name: string): Promise<ContainerProbe> {
  try {
    await containerClient(account, name, { maxTries: 2, tryTimeoutMs: 5_000 }).getProperties();
    return { state: 'ok' };
  } catch (err) {
    if (err instanceof ConfigError) return { state: 'error', reason: err.userMessage };
    const e = err as { statusCode?: number; code?: string; name?: string };
    if (e.statusCode === 404) return { state: 'missing' };
    return { state: 'error', reason: describeFailure(err), status: e.statusCode, code: e.code ?? e.name };
  }
}

function describeFailure(err: unknown): string {
  const e = err as { statusCode?: number; code?: string; name?: string };
  return `${e.code ?? e.name ?? 'error'}${e.statusCode ? `, HTTP ${e.statusCode}` : ''}`;
}

function containerClient(account: BlobAccount, name: string, retry: Partial<StorageRetry>): ContainerClient {
  const r = { ...DEFAULT_STORAGE_RETRY, ...retry };
  const options = { retryOptions: { maxTries: r.maxTries, retryDelayInMs: r.retryDelayMs, maxRetryDelayInMs: r.maxRetryDelayMs } };
  const service = 'accountUrl' in account
    ? new BlobServiceClient(account.accountUrl, azureCredential(), options)
    : fromConnectionString(account.connectionString, options);
  perTryPipeline(service).addPolicy(tryPolicy(r), { afterPhase: 'Retry' });
  return service.getContainerClient(name);
}

function fromConnectionString(connectionString: string, options: StoragePipelineOptions): BlobServiceClient {
  try {
    return BlobServiceClient.fromConnectionString(connectionString, options);
  } catch (err) {
    // The SDK's message can quote the string: never repeat it, it holds the account key.
    throw new ConfigError('AZURE_STORAGE_CONNECTION_STRING is not a storage connection string (copy it from the storage account\'s Access keys).', { cause: (err as Error).name });
  }
}

interface PipelineRequestLike { timeout: number; abortSignal?: AbortSignal }
interface PipelineResponseLike { status: number; headers: { get(name: string): string | undefined } }
interface PolicyLike { name: string; sendRequest(request: PipelineRequestLike, next: (request: PipelineRequestLike) => Promise<PipelineResponseLike>): Promise<PipelineResponseLike> }
interface CorePipelineLike { addPolicy(policy: PolicyLike, options: { afterPhase: 'Retry' }): void }

/**
 * The core pipeline the service client and every container/blob client made from it share (the SDK
 * builds it once per Pipeline object). The SDK offers no public way to add a per-try policy: this reaches
 * its client context (@azure/storage-blob 12.32, pinned with ~ in package.json) and fails loudly if that
 * shape ever changes, rather than running without deadlines.
 */
function perTryPipeline(service: BlobServiceClient): CorePipelineLike {
  const pipeline = (service as unknown as { storageClientContext?: { pipeline?: CorePipelineLike } }).storageClientContext?.pipeline;
  if (!pipeline || typeof pipeline.addPolicy !== 'function') throw new Error('@azure/storage-blob changed: its request pipeline cannot be given per-try deadlines');
  return pipeline;
}

function tryPolicy(r: StorageRetry): PolicyLike {
  return {
    name: 'postMigrationBotStorageTry',
    async sendRequest(request, next) {
      request.timeout = r.tryTimeoutMs;
      let response: PipelineResponseLike;
      try {
        response = await next(request);
      } catch (err) {
        // The HTTP client aborts a try at request.timeout with an AbortError, which the SDK's retry loop
        // would pass up at once: told apart from the caller's own abort, it becomes a retried TIMEOUT.
        if ((err as Error)?.name === 'AbortError' && !request.abortSignal?.aborted) {
          throw new RestError(`Azure Blob Storage did not answer within ${r.tryTimeoutMs} ms`, { code: 'TIMEOUT' });
        }
        throw err;
      }
      if (response.status === 429 || response.status === 503) {
        const asked = Number(response.headers.get('retry-after'));
        if (Number.isFinite(asked) && asked > 0) await sleep(Math.min(asked * 1000, r.maxRetryDelayMs), request.abortSignal);
        if (response.status === 429) return { ...response, status: 503 };
      }
      return response;
    },
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}
