import type { IdentityMapOrigin, IdentityMapProblem } from '../services/identityMap/identityMap.js';
import type template from './identityMapUpload.json';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as IdentityMapUploadTemplate };

/** Problems shown on the card; the importer keeps up to 100 and counts the rest, the card says how many more. */
export const SHOWN_PROBLEMS = 20;

export type IdentityMapUploadCardData =
  | { kind: 'imported'; fileName: string; users: number; groups: number; replaced: IdentityMapOrigin }
  | { kind: 'rejected'; fileName: string; problems: IdentityMapProblem[]; errorCount: number }
  | { kind: 'refused'; message: string }
  | { kind: 'downloadFailed'; fileName: string; message: string };

const REPLACED: Record<IdentityMapOrigin, string> = {
  imported: 'the map imported before',
  configured: 'the IDENTITY_MAP_PATH file',
  none: 'nothing (no map was set)',
};

export function renderIdentityMapUploadCard(data: IdentityMapUploadCardData, view: CardView): Card {
  switch (data.kind) {
    case 'imported':
      return renderCard(loadTemplate('identityMapUpload'), {
        ...data, users: String(data.users), groups: String(data.groups), replaced: REPLACED[data.replaced],
      }, view);
    case 'rejected': {
      const shown = data.problems.slice(0, SHOWN_PROBLEMS);
      return renderCard(loadTemplate('identityMapUpload'), {
        kind: data.kind, fileName: data.fileName, errorCount: String(data.errorCount),
        problems: shown.map((p) => ({ where: whereOf(p), reason: p.reason })),
        more: Math.max(0, data.errorCount - shown.length),
        // A header line (Excel's export, a copy of the documentation) fails as line 1: say why.
        lineOne: shown.some((p) => p.line === 1),
      }, view);
    }
    default:
      return renderCard(loadTemplate('identityMapUpload'), data, view);
  }
}

/** Line 0 is the file as a whole (too big, unreadable, no rows). */
function whereOf(p: IdentityMapProblem): string {
  if (p.line === 0) return 'File';
  return p.column ? `Line ${p.line}, ${p.column}` : `Line ${p.line}`;
}
