// Lists as files, end to end in a personal chat: the command makes the CSV and keeps it in the store; the
// person gets Teams' file consent card (its contexts carry only the export id); on accept the invoke is
// answered at once and the upload runs after it (a large file takes longer than an invoke may), then the
// file info card is posted in the same chat and the stored copy dropped. Decline drops it too.
// Only the person who asked may accept or decline: the file holds the whole migration's lists.
import { fileConsentAttachment, fileInfoAttachment, type FileAttachment } from '../cards/exports.js';
import type { AuditLog, ConversationAddress } from '../services/approvals/types.js';
import { EXPORT_TTL_MS, type ExportStore, type NewExport, type StoredExport } from '../services/exports/exportStore.js';
import type { Logger } from '../services/ports.js';
import type { FileUploader } from '../services/tenants/fileUpload.js';
import { personOf, type Caller } from './identity.js';

/** Where files and words go after the turn (the messenger). */
export interface FilePoster {
  postAttachment(address: ConversationAddress, attachment: FileAttachment, text?: string): Promise<string>;
  notify(address: ConversationAddress, text: string): Promise<void>;
}

export interface ExportFilesDeps {
  store: ExportStore;
  /** Absent: this bot cannot upload (the accept says so). */
  upload?: FileUploader;
  poster: FilePoster;
  /** Files that left the bot, and clicks refused, are recorded like every other disclosure and refusal. */
  audit: Pick<AuditLog, 'append'>;
  logger: Logger;
}

/** The fileConsent/invoke value as Teams sends it (learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-filesv4). */
export interface FileConsentAnswer {
  action?: string;
  context?: unknown;
  uploadInfo?: { name?: string; uploadUrl?: string; contentUrl?: string; uniqueId?: string; fileType?: string };
}

export const EXPORT_HOURS = Math.round(EXPORT_TTL_MS / 3_600_000);
const GONE = `That file is no longer waiting (files wait ${EXPORT_HOURS} hours, and each is sent once): ask for the export again.`;
const NOT_YOURS = 'Only the person who asked for this file can accept or decline it.';

export class ExportFiles {
  private readonly running = new Set<Promise<void>>();
  /** Export ids being uploaded: Teams may deliver the same accept again, and it must not upload twice. */
  private readonly sending = new Set<string>();

  constructor(private readonly d: ExportFilesDeps) {}

  /** Keeps the file; `offer` posts its consent card where the answer landed. */
  async keep(file: NewExport): Promise<{ saved: StoredExport; offer: (where: ConversationAddress) => Promise<void> }> {
    const saved = await this.d.store.save(file);
    const consent = fileConsentAttachment({ fileName: saved.fileName, description: saved.description, bytes: Buffer.byteLength(saved.csv, 'utf8'), exportId: saved.id });
    // Posted after the turn, like the upload: the turn's answer must not wait for a second message.
    const offer = async (where: ConversationAddress) => {
      this.background(this.d.poster.postAttachment(where, consent).then(() => undefined, (err: unknown) =>
        this.d.logger.warn({ exportId: saved.id, err: err instanceof Error ? err.message : String(err) }, 'file consent card not posted')));
    };
    return { saved, offer };
  }

  /** The person accepted: a reply for the turn when refused; otherwise the upload starts after the turn. */
  async accepted(answer: FileConsentAnswer, caller: Caller, where: ConversationAddress): Promise<string | undefined> {
    const file = await this.d.store.get(exportIdOf(answer));
    if (!file) return GONE;
    if (!caller.userId || caller.userId !== file.userId) return this.notYours(caller, file);
    const info = answer.uploadInfo;
    if (!info?.uploadUrl || !info.contentUrl || !info.uniqueId) return 'Teams sent no place to upload the file to: ask for the export again.';
    if (!this.d.upload) return 'This bot cannot upload files: ask whoever runs it.';
    if (this.sending.has(file.id)) return undefined;
    this.sending.add(file.id);
    this.background(this.send(file, { uploadUrl: info.uploadUrl, contentUrl: info.contentUrl, uniqueId: info.uniqueId, name: info.name || file.fileName }, where)
      .finally(() => { this.sending.delete(file.id); }));
    return undefined;
  }

  /** The person declined: the file is dropped. */
  async declined(answer: FileConsentAnswer, caller: Caller): Promise<string> {
    const file = await this.d.store.get(exportIdOf(answer));
    if (!file) return 'Not sent.';
    if (!caller.userId || caller.userId !== file.userId) return this.notYours(caller, file);
    await this.d.store.drop(file.id);
    return `Not sent: ${file.fileName} was dropped.`;
  }

  /** An accept or decline from someone other than the requester: refused, and audited like any refusal. */
  private async notYours(caller: Caller, file: StoredExport): Promise<string> {
    this.d.logger.warn({ userId: caller.userId, exportId: file.id }, 'file consent from someone other than the requester: refused');
    await this.d.audit.append({ event: 'refused.not-requester', actor: personOf(caller), detail: { exportId: file.id, fileName: file.fileName } });
    return NOT_YOURS;
  }

  /** Waits for every consent card and upload under way (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  /** Work after the turn; it never rejects (each part logs its own failure). */
  private background(work: Promise<void>): void {
    const run = work.finally(() => { this.running.delete(run); });
    this.running.add(run);
  }

  private async send(file: StoredExport, info: { uploadUrl: string; contentUrl: string; uniqueId: string; name: string }, where: ConversationAddress): Promise<void> {
    try {
      await this.d.upload!(new URL(info.uploadUrl), Buffer.from(file.csv, 'utf8'));
    } catch (err) {
      // The message names no URL: the upload URL carries its token.
      this.d.logger.warn({ exportId: file.id, err: err instanceof Error ? err.message : String(err) }, 'export upload failed');
      await this.d.poster.notify(where, `${file.fileName} could not be uploaded to your OneDrive (${err instanceof Error ? err.message : 'error'}). Ask for the export again.`)
        .catch(() => undefined);
      await this.d.store.drop(file.id).catch(() => undefined);
      return;
    }
    await this.d.store.drop(file.id).catch(() => undefined);
    await this.d.audit.append({ event: 'export.sent', actor: { id: file.userId }, detail: { fileName: info.name, rows: file.rows } })
      .catch((err: unknown) => this.d.logger.warn({ exportId: file.id, err: err instanceof Error ? err.message : String(err) }, 'export not audited'));
    await this.d.poster.postAttachment(where, fileInfoAttachment(info), `${info.name}: ${file.rows.toLocaleString('en-US')} rows, in your OneDrive.`)
      .catch((err: unknown) => this.d.logger.warn({ exportId: file.id, err: err instanceof Error ? err.message : String(err) }, 'file card not posted'));
  }
}

function exportIdOf(answer: FileConsentAnswer): unknown {
  return (answer.context as { exportId?: unknown } | undefined)?.exportId;
}
