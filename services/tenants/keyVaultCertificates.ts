// The tenant apps' certificates read from Key Vault (KEY_VAULT_URL) with the web app's managed identity.
// A certificate imported into Key Vault is readable as a secret of the same name: its value is the private
// key and the certificate, PEM or base64 PFX as its content type says. Read into memory only, never written
// to disk, never logged; re-read every few minutes and when Entra refuses the certificate in use, so a
// certificate renewed in the vault reaches the tenant clients without a restart.
import { SecretClient } from '@azure/keyvault-secrets';
import type { TokenCredential } from '@azure/identity';
import { DomainError, type ErrorCode } from '../errors.js';
import type { Clock, Logger } from '../ports.js';
import { parseCertificateSecret, type AppCertificate, type CertificateSource } from './appCertificate.js';
import { azureHttpClient } from './pipeline/azureHttpClient.js';
import { DEFAULT_RETRY_POLICY, retryingTransport } from './pipeline/retry.js';
import { withUserAgent, DEFAULT_USER_AGENT, type Transport } from './pipeline/transport.js';

/** How often a running bot asks the vault whether a certificate has a new version. */
export const VAULT_RECHECK_MS = 5 * 60_000;

export interface VaultCertificate {
  name: string;
  version: string;
  contentType?: string;
  pems: AppCertificate;
}

export type VaultFailure = 'identity' | 'denied' | 'notFound' | 'unreachable' | 'unreadable';

/** Why a certificate could not be read from the vault, and what to change. */
export class KeyVaultError extends DomainError {
  constructor(readonly failure: VaultFailure, userMessage: string, readonly status?: number) {
    super((failure === 'unreachable' ? 'unreachable' : 'config') satisfies ErrorCode, userMessage, { failure, status });
  }
}

export class KeyVaultCertificates {
  private readonly client: SecretClient;

  constructor(readonly vaultUrl: string, credential: TokenCredential, transport: Transport, deps: { clock: Clock; logger: Logger }) {
    // Retries are the tenant pipeline's (one policy, Retry-After honoured); the SDK's own are turned off.
    const send = retryingTransport(withUserAgent(transport, DEFAULT_USER_AGENT), { policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 }, ...deps });
    this.client = new SecretClient(vaultUrl, credential, { httpClient: azureHttpClient(send), retryOptions: { maxRetries: 0 } });
  }

  /** The certificate's current version. `setting` names where the name came from, for the messages. */
  async read(name: string, setting: string): Promise<VaultCertificate> {
    let secret;
    try {
      secret = await this.client.getSecret(name);
    } catch (err) {
      throw this.failure(err, name, setting);
    }
    try {
      return { name, version: secret.properties.version ?? '', contentType: secret.properties.contentType, pems: parseCertificateSecret(secret.value ?? '', secret.properties.contentType) };
    } catch (err) {
      throw new KeyVaultError('unreadable', `Key Vault certificate '${name}' (${setting}) cannot be read as a certificate with its private key: ${(err as Error).message}. Import the certificate with its private key (az keyvault certificate import, PFX or PEM holding the key).`);
    }
  }

  private failure(err: unknown, name: string, setting: string): KeyVaultError {
    const e = err as { name?: string; statusCode?: number; code?: string; message?: string };
    const vault = new URL(this.vaultUrl).host;
    if (e.name === 'CredentialUnavailableError' || e.name === 'AuthenticationError' || e.name === 'AggregateAuthenticationError') {
      return new KeyVaultError('identity', `No token for Key Vault ${vault}: ${firstLine(e.message)}. In Azure, attach the user-assigned managed identity to the web app and set AZURE_CLIENT_ID to its client id; elsewhere, sign in with az login.`);
    }
    if (e.statusCode === 403) {
      return new KeyVaultError('denied', `Key Vault ${vault} refused to read certificate '${name}' (403 ${e.code ?? 'Forbidden'}). Grant the role "Key Vault Secrets User" on the vault to the web app's managed identity (AZURE_CLIENT_ID).`, 403);
    }
    if (e.statusCode === 404 && e.code === 'SecretNotFound') {
      return new KeyVaultError('notFound', `Key Vault ${vault} has no certificate named '${name}' (${setting}). Import it (az keyvault certificate import --vault-name <vault> --name ${name} --file app.pfx) or set ${setting} to the name it has.`, 404);
    }
    const status = e.statusCode ? `HTTP ${e.statusCode}` : e.code ?? 'no answer';
    return new KeyVaultError('unreachable', `Key Vault ${this.vaultUrl} cannot be reached (${status}). Check KEY_VAULT_URL (the vault's URI, https://<name>.vault.azure.net) and that this machine may reach the vault (firewall, private endpoint).`, e.statusCode);
  }
}

/** The certificate a tenant client signs with, kept current with the vault's latest version. */
export class VaultCertificateSource implements CertificateSource {
  private checkedAt: number;
  private reading?: Promise<boolean>;
  /** The version signed with before the latest was taken up: what a refused renewal falls back to. */
  private previous?: VaultCertificate;

  private constructor(private readonly vault: KeyVaultCertificates, private readonly setting: string, private latest: VaultCertificate,
    private readonly deps: { clock: Clock; logger: Logger; recheckMs: number }) {
    this.checkedAt = deps.clock.now().getTime();
  }

  static async open(vault: KeyVaultCertificates, name: string, setting: string, deps: { clock: Clock; logger: Logger; recheckMs?: number }): Promise<VaultCertificateSource> {
    return new VaultCertificateSource(vault, setting, await vault.read(name, setting), { recheckMs: VAULT_RECHECK_MS, ...deps });
  }

  get version(): string { return this.latest.version; }

  current(): AppCertificate { return this.latest.pems; }

  refresh(force = false): Promise<boolean> {
    if (!force && this.deps.clock.now().getTime() - this.checkedAt < this.deps.recheckMs) return Promise.resolve(false);
    // One read at a time: every token request that finds the check due waits for the same one.
    return this.reading ??= this.reread().finally(() => { this.reading = undefined; });
  }

  /**
   * Key Vault renews a certificate by its policy (the default policy: 90 days before it ends) without anyone
   * uploading the new one to the app registration; Entra then refuses it while the old one is still valid.
   * Signing goes back to the old version, with a warning each time, and the next re-read tries the new one
   * again, so it is taken up once it is registered.
   */
  fallBack(): boolean {
    if (!this.previous) return false;
    this.deps.logger.warn({ certificate: this.latest.name, refused: this.latest.version, signingWith: this.previous.version, setting: this.setting },
      'Entra refused the renewed app certificate: signing with the previous version again; upload the new certificate (.cer) to the app registration');
    this.latest = this.previous;
    this.previous = undefined;
    return true;
  }

  private async reread(): Promise<boolean> {
    try {
      const read = await this.vault.read(this.latest.name, this.setting);
      if (read.version === this.latest.version) return false;
      this.deps.logger.info({ certificate: read.name, from: this.latest.version, to: read.version }, 'app certificate renewed in Key Vault: signing with the new version');
      this.previous = this.latest;
      this.latest = read;
      return true;
    } catch (err) {
      // The certificate in hand keeps working until Entra refuses it; a vault hiccup must not stop the bot.
      this.deps.logger.warn({ certificate: this.latest.name, err: (err as Error).message }, 'could not re-read the app certificate from Key Vault; keeping the one in use');
      return false;
    } finally {
      // A failed read waits for the next interval too, so an unreachable vault does not slow every request.
      this.checkedAt = this.deps.clock.now().getTime();
    }
  }
}

function firstLine(text: string | undefined): string {
  return (text ?? 'unknown error').split('\n')[0].slice(0, 300).replace(/\.+$/, '');
}
