// What an export looks like in Teams: an Adaptive Card saying what the file holds, Teams' own file consent
// card the person accepts or declines, and after the upload the file info card that opens the file.
// The consent and file info attachments follow learn.microsoft.com/microsoftteams/platform/bots/how-to/
// bots-filesv4 and BotBuilder-Samples 56.teams-file-upload: the consent card's contexts come back in the
// fileConsent/invoke, so they carry the export id only (the file waits in the store).
import type exportReady from './exportReady.json';
import type exportElsewhere from './exportElsewhere.json';
import { readWhen } from './readable.js';
import { renderCard, renderTime, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { exportReady as ExportReadyTemplate, exportElsewhere as ExportElsewhereTemplate };

export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';

export interface ExportReadyData {
  /** What the file holds ("Move states"). */
  title: string;
  fileName: string;
  rows: number;
  bytes: number;
  /** The oldest read the rows rest on (ISO instant). */
  asOf?: string;
  hours: number;
}

export function renderExportReadyCard(d: ExportReadyData, view: CardView): Card {
  return renderCard(loadTemplate('exportReady'), {
    title: d.title, fileName: d.fileName, rows: d.rows.toLocaleString('en-US'), size: sizeText(d.bytes), asOf: readWhen(d.asOf, renderTime(view)), hours: String(d.hours),
  }, view);
}

/** In a group chat or channel: the command to type in the personal chat instead. */
export function renderExportElsewhereCard(d: { command: string }, view: CardView): Card {
  return renderCard(loadTemplate('exportElsewhere'), d, view);
}

/** A message attachment that is not an Adaptive Card (Teams' file cards). */
export interface FileAttachment { contentType: string; name: string; contentUrl?: string; content: Record<string, unknown> }

export function fileConsentAttachment(d: { fileName: string; description: string; bytes: number; exportId: string }): FileAttachment {
  const context = { exportId: d.exportId };
  return {
    contentType: FILE_CONSENT_CARD,
    name: d.fileName,
    content: { description: d.description, sizeInBytes: d.bytes, acceptContext: context, declineContext: context },
  };
}

/** The uploaded file, as Teams shows it: from the uploadInfo of the accept. */
export function fileInfoAttachment(d: { name: string; contentUrl: string; uniqueId: string }): FileAttachment {
  return { contentType: FILE_INFO_CARD, name: d.name, contentUrl: d.contentUrl, content: { uniqueId: d.uniqueId, fileType: 'csv' } };
}

export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
