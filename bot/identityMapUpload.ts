// An admin sends the identity-mapping CSV, or the site map, to the bot in their personal chat: Teams hands
// over a file.download.info attachment with a pre-authenticated SharePoint link. The file is downloaded as a
// stream, told apart by its first line (a site map has a header, an identity map none) and imported all or
// nothing; the answer is one card. Every refusal is audited, since a file sent by someone else, elsewhere,
// or from an odd address is worth knowing about. Refusals and failed downloads come before the file is
// read, so they keep the identity map's audit names; an import or a rejection names the map it was.
import type { Attachment } from 'botbuilder';
import { z } from 'zod';
import { renderIdentityMapUploadCard, type IdentityMapUploadCardData } from '../cards/identityMapUpload.js';
import { renderNotAllowedCard } from '../cards/notAllowed.js';
import type { Card } from '../cards/render.js';
import { ConfigError } from '../services/errors.js';
import { FileDownloadError, isChatFileDownloadUrl } from '../services/tenants/fileDownload.js';
import { whichMap } from '../services/identityMap/whichMap.js';
import type { BotServices } from './botServices.js';
import { errorCard } from './errorReplies.js';
import { personOf, type Caller } from './identity.js';

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

const downloadInfo = z.object({
  contentType: z.literal(FILE_DOWNLOAD_INFO),
  name: z.string().optional(),
  content: z.object({ downloadUrl: z.string().min(1), uniqueId: z.string().optional(), fileType: z.string().optional() }),
});

/** Whether the message carries a file (it is then an upload, not a command). */
export function hasFileUpload(attachments: Attachment[] | undefined): boolean {
  return (attachments ?? []).some((a) => a.contentType === FILE_DOWNLOAD_INFO);
}

export interface UploadTurn {
  attachments: Attachment[];
  caller: Caller;
  /** conversationTypeOf(activity) */
  conversationType: string;
}

export async function handleIdentityMapUpload(turn: UploadTurn, services: BotServices): Promise<Card> {
  try {
    return await upload(turn, services);
  } catch (err) {
    return errorCard(err, services.logger, services.view);
  }
}

async function upload(turn: UploadTurn, services: BotServices): Promise<Card> {
  const checked = checkUpload(turn, await services.roles.has('admin', turn.caller.userId));
  if (checked.ok) return importFile(checked, turn.caller, services);
  const { caller, conversationType } = turn;
  services.logger.info({ userId: caller.userId, reason: checked.reason }, 'identity-map upload refused');
  const denial = checked.reason === 'not-admin' ? services.roles.denial('admin', caller.userId) : {};
  await services.audit.append({
    event: 'refused.identity-map-upload', actor: personOf(caller),
    detail: { reason: checked.reason, ...(checked.fileName ? { fileName: checked.fileName } : {}), conversationType, ...denial },
  });
  return checked.reason === 'not-admin'
    ? renderNotAllowedCard({ userId: caller.userId, denial }, services.view)
    : renderIdentityMapUploadCard({ kind: 'refused', message: checked.message }, services.view);
}

type Checked =
  | { ok: true; fileName: string; url: URL }
  | { ok: false; reason: string; message: string; fileName?: string };

/** Who, where, what and from where, in that order: nothing is fetched before every check passed. */
function checkUpload({ attachments, conversationType }: UploadTurn, admin: boolean): Checked {
  const files = attachments.filter((a) => a.contentType === FILE_DOWNLOAD_INFO);
  const named = shortName(files[0]?.name);
  if (!admin) return { ok: false, reason: 'not-admin', message: '', fileName: named };
  if (conversationType !== 'personal') {
    return { ok: false, reason: 'not-personal', fileName: named, message: "Send the identity map or the site map in your personal chat with me. In a group chat or a channel the file is shared with everyone there, and it lists everybody's accounts or sites." };
  }
  if (files.length !== 1) return { ok: false, reason: 'several-files', message: 'Send one file at a time: the identity map or the site map on its own.' };
  const parsed = downloadInfo.safeParse(files[0]);
  if (!parsed.success) return { ok: false, reason: 'no-download-link', message: 'Teams sent the file without a download link I can read. Send it again.' };
  const { content } = parsed.data;
  const fileName = shortName(parsed.data.name) || 'the file';
  if (!isCsv(parsed.data.name ?? '', content.fileType)) {
    return { ok: false, reason: 'not-csv', fileName, message: `${fileName} is not a CSV file. Send the identity map (no header; User and Group rows) or the site map (header Kind,SourceSiteUrl,TargetSiteUrl,SourceGroupAlias,TargetGroupAlias) as a .csv file.` };
  }
  const url = URL.canParse(content.downloadUrl) ? new URL(content.downloadUrl) : undefined;
  if (!url || !isChatFileDownloadUrl(url)) {
    return { ok: false, reason: 'untrusted-url', fileName, message: `The download link of ${fileName} does not point at SharePoint, where Teams keeps files sent in chat, so I did not fetch it.` };
  }
  return { ok: true, fileName, url };
}

async function importFile({ fileName, url }: { fileName: string; url: URL }, caller: Caller, services: BotServices): Promise<Card> {
  if (!services.downloadFile) throw new ConfigError('This bot cannot download files sent in chat (no downloader is set up).');
  const card = (data: IdentityMapUploadCardData) => renderIdentityMapUploadCard(data, services.view);
  const actor = personOf(caller);
  const failed = async (message: string, detail: Record<string, unknown>): Promise<Card> => {
    // Never the URL: its tempauth token is a credential for the file.
    services.logger.warn({ userId: caller.userId, fileName, ...detail }, 'identity-map download failed');
    await services.audit.append({ event: 'identity-map.download-failed', actor, detail: { fileName, ...detail } });
    return card({ kind: 'downloadFailed', fileName, message });
  };

  let body: AsyncIterable<Buffer>;
  try {
    body = await services.downloadFile(url);
  } catch (err) {
    if (!(err instanceof FileDownloadError)) throw err;
    return failed(downloadAdvice(err), { failure: err.failure, httpStatus: err.httpStatus });
  }
  const watched = watchReads(body);
  const { kind, source } = await whichMap(watched.source);
  const replacing = kind === 'site' ? services.siteMap.replaceFrom(source) : services.identityMap.replaceFrom(source);
  const { result, replaced } = await replacing;
  const broken = watched.error();
  if (broken) return failed(`The download stopped part way (${codeOf(broken)}).`, { failure: 'interrupted', code: codeOf(broken) });
  const notText = watched.notText();
  if (notText) {
    // Read no further than its first bytes: the importer saw an empty file, and nothing was replaced.
    await services.audit.append({ event: 'identity-map.rejected', actor, detail: { fileName, errorCount: 1, reason: 'not-text' } });
    return card({ kind: 'rejected', fileName, problems: [{ line: 0, reason: notText }], errorCount: 1 });
  }

  if (!result.ok) {
    await services.audit.append({ event: `${kind}-map.rejected`, actor, detail: { fileName, errorCount: result.errorCount } });
    return card({ kind: 'rejected', map: kind, fileName, problems: result.errors, errorCount: result.errorCount });
  }
  if ('sites' in result) {
    const counts = { sites: result.sites, groups: result.groups };
    services.logger.info({ userId: caller.userId, fileName, ...counts }, 'site map imported');
    await services.audit.append({ event: 'site-map.imported', actor, detail: { fileName, ...counts, replaced } });
    return card({ kind: 'imported', map: 'site', fileName, ...counts, replaced });
  }
  services.logger.info({ userId: caller.userId, fileName, users: result.users, groups: result.groups }, 'identity map imported');
  await services.audit.append({ event: 'identity-map.imported', actor, detail: { fileName, users: result.users, groups: result.groups, replaced } });
  services.knowledge.identityMapChanged();
  return card({ kind: 'imported', fileName, users: result.users, groups: result.groups, replaced });
}

/** A file name as cards and the audit show it: its start and its extension, never a pasted blob. */
function shortName(name: string | undefined): string | undefined {
  return name && name.length > 80 ? `${name.slice(0, 50)}…${name.slice(-29)}` : name;
}

/**
 * Why the file's first bytes are not UTF-8 text, if they are not: a UTF-16 file (what Windows PowerShell's
 * `>` and Excel's "Unicode Text" write) or a binary one (a workbook renamed .csv) would otherwise be
 * read as rows of garbage, each line a problem nobody can act on.
 */
function notTextReason(first: Buffer): string | undefined {
  const save = 'Save it as CSV UTF-8 (in PowerShell: Export-Csv -Encoding utf8) and send it again.';
  if ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff)) return `the file is UTF-16 text, not UTF-8. ${save}`;
  if (first.includes(0)) return `the file is not text (it holds NUL bytes): a workbook, or UTF-16 text? ${save}`;
  return undefined;
}

/** Teams fills fileType from the name's extension; either one saying csv is enough. */
function isCsv(name: string, fileType: string | undefined): boolean {
  return fileType?.toLowerCase() === 'csv' || /\.csv$/i.test(name);
}

function downloadAdvice(err: FileDownloadError): string {
  if (err.httpStatus === 401 || err.httpStatus === 403) return `${err.message}: Teams' download links expire after a while.`;
  if (err.httpStatus === 404) return `${err.message}: the file is no longer in your OneDrive.`;
  return `${err.message}.`;
}

/**
 * The importer turns a failed read into a row-less rejection; this tells a download that broke off
 * (the file's fault is then unknown) from a file that was read and refused. Only errors of reading the
 * body count: the importer stopping on its own (a size limit) throws into this generator too.
 */
function watchReads(body: AsyncIterable<Buffer>): { source: AsyncIterable<Buffer>; error(): unknown; notText(): string | undefined } {
  let failure: unknown;
  let notText: string | undefined;
  async function* source(): AsyncGenerator<Buffer> {
    const chunks = body[Symbol.asyncIterator]();
    let first = true;
    try {
      for (;;) {
        let step: IteratorResult<Buffer>;
        try {
          step = await chunks.next();
        } catch (err) {
          failure = err;
          throw err;
        }
        if (step.done) return;
        if (first && step.value.length > 0) {
          first = false;
          notText = notTextReason(step.value);
          // Not text: stop here, so the importer sees an empty file (which it never imports).
          if (notText) return;
        }
        yield step.value;
      }
    } finally {
      await chunks.return?.();
    }
  }
  return { source: source(), error: () => failure, notText: () => notText };
}

function codeOf(err: unknown): string {
  const e = err as { code?: string; cause?: { code?: string }; name?: string } | undefined;
  return e?.cause?.code ?? e?.code ?? e?.name ?? 'error';
}
