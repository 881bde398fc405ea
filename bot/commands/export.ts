// `export …`: a list too long for cards, as a CSV file sent in the personal chat. Each file holds exactly
// the rows its command shows, read the same way (redirect snapshot, move-state ledger, guidance records,
// audit record) at the moment it is asked for. In a group chat or channel Teams cannot send a file, so
// the answer says where to ask, before anything is read.
import { renderExportElsewhereCard, renderExportReadyCard } from '../../cards/exports.js';
import { inUtc } from '../../cards/readable.js';
import type { Card } from '../../cards/render.js';
import { InputError } from '../../services/errors.js';
import { toCsv } from '../../services/exports/csv.js';
import { planAudit } from '../../services/exports/planAudit.js';
import { auditRows, moveRows, noticeRows, redirectRowsOf, type ExportTable } from '../../services/exports/rows.js';
import { listRedirects, redirectOrigins } from '../../services/insights/redirects.js';
import { listingText, movesReadText } from '../../services/knowledge/readingText.js';
import { tenantName } from '../../services/insights/tenantPair.js';
import type { TenantSide } from '../../services/tenants/types.js';
import { EXPORT_HOURS } from '../exportFiles.js';
import { PLAN_ID_PATTERN } from '../nlu/recognizer.js';
import type { Command, CommandContext, Reply } from './command.js';
import { clip, noArgs, parseWith, side, words } from './command.js';
import { guidanceOf } from './notifyUsers.js';

interface ExportFile {
  /** What the file holds, as the card's title ("Move states"). */
  title: string;
  /** The consent card's description: what, how many, how fresh. */
  description: string;
  fileName: string;
  table: ExportTable;
  /** The oldest read the rows rest on (ISO), as everywhere; the card shows its age when rendered. */
  asOf?: string;
}

/** Files are sent in the personal chat only: anywhere else, the card that says so. */
function elsewhere(ctx: CommandContext, command: string): Card | undefined {
  return ctx.caller.conversationType === 'personal' ? undefined : renderExportElsewhereCard({ command }, ctx.services.view);
}

/** Keeps the CSV for the caller and answers with what it holds; the consent card follows it in the chat. */
async function sendFile(ctx: CommandContext, file: ExportFile): Promise<Reply> {
  const exports = ctx.services.exports;
  if (!exports) throw new InputError('Exports are not set up in this bot.');
  const csv = toCsv(file.table.columns, file.table.rows);
  const { saved, offer } = await exports.keep({ userId: ctx.userId, fileName: file.fileName, description: file.description, csv, rows: file.table.rows.length });
  const card = renderExportReadyCard({
    title: file.title, fileName: saved.fileName, rows: saved.rows, bytes: Buffer.byteLength(csv, 'utf8'), asOf: file.asOf, hours: EXPORT_HOURS,
  }, ctx.services.view);
  return { cards: [card], posted: async (where, index) => { if (index === 0) await offer(where); } };
}

/** yyyy-mm-dd-hhmm (UTC), for file names that sort by when they were made. */
function stamp(now: Date): string {
  return now.toISOString().slice(0, 16).replace('T', '-').replace(':', '');
}

const count = (n: number) => n.toLocaleString('en-US');

const redirectsUsage = 'export redirects [source|target]';
export const exportRedirectsCommand: Command<{ side: TenantSide }> = {
  name: 'export redirects',
  usage: redirectsUsage,
  summary: 'Send every redirect site of a tenant (source by default) as a CSV file, the rows `list redirects` shows. Personal chat only.',
  adminOnly: true,
  changesTenant: false,
  parse: (argText) => {
    const w = words(argText);
    if (w.length > 1) throw new InputError(`I expected at most a side, not "${clip(w.join(' '))}".`, { usage: redirectsUsage });
    return { side: w[0] ? parseWith(side, w[0].toLowerCase(), redirectsUsage) : 'source' };
  },
  argsFromEntities: (e) => e.side ?? '',
  run: async (args, ctx) => {
    const command = `export redirects ${args.side}`;
    const other = elsewhere(ctx, command);
    if (other) return other;
    const { services, progress } = ctx;
    const tenant = tenantName(services.tenants[args.side].adminUrl);
    const map = await services.identityMap.load();
    const list = await listRedirects(services.tenants, services.knowledge.redirects, args.side, map, undefined,
      (p) => progress(listingText(tenant, p)));
    return sendFile(ctx, {
      title: `Redirect sites on ${tenant}`,
      description: `${count(list.sites.length)} redirect sites on ${tenant} (${args.side}), as of ${inUtc(list.listedAt)}.`,
      fileName: `redirects-${args.side}-${tenant}-${stamp(services.clock.now())}.csv`,
      table: redirectRowsOf(list.sites, redirectOrigins(services.tenants[args.side].adminUrl, args.side, map, await services.siteMap.load())),
      asOf: list.listedAt,
    });
  },
};

export const exportMovesCommand: Command<Record<string, never>> = {
  name: 'export moves',
  usage: 'export moves',
  summary: "Send every mapped move as a CSV file: each person's OneDrive and each site and group site of the site map (kind, source, target, status, started, finished, error, when read). Personal chat only.",
  adminOnly: true,
  changesTenant: false,
  parse: noArgs('export moves'),
  argsFromEntities: () => '',
  run: async (_args, ctx) => {
    const other = elsewhere(ctx, 'export moves');
    if (other) return other;
    const { services, progress } = ctx;
    const view = await services.knowledge.moves.complete((known, mapped, elsewhere) => progress(movesReadText(known, mapped, elsewhere)));
    const [map, sites] = await Promise.all([services.identityMap.load(), services.siteMap.load()]);
    const now = services.clock.now();
    const ofSites = sites.entries.length ? ` and ${count(sites.entries.length)} sites and group sites of the site map` : '';
    return sendFile(ctx, {
      title: 'Move states',
      description: `OneDrive moves of ${count(map.users.length)} mapped people${ofSites}, as of ${inUtc(view.oldestReadAt)} (the oldest read; each row has its own).`,
      fileName: `moves-${stamp(now)}.csv`,
      table: moveRows(map, view, sites),
      asOf: view.oldestReadAt,
    });
  },
};

export const exportNotifyCommand: Command<Record<string, never>> = {
  name: 'export notify',
  usage: 'export notify',
  summary: "Send the guidance campaign's outcome per person (as `notify status` counts it, with reasons and help requests) as a CSV file. Personal chat only.",
  adminOnly: true,
  changesTenant: false,
  parse: noArgs('export notify'),
  argsFromEntities: () => '',
  run: async (_args, ctx) => {
    const other = elsewhere(ctx, 'export notify');
    if (other) return other;
    const { map, records } = await guidanceOf(ctx.services).records();
    const now = ctx.services.clock.now();
    return sendFile(ctx, {
      title: 'Guidance notices',
      description: `Where the guidance notice stands for each of ${count(map.users.length)} mapped people.`,
      fileName: `notify-${stamp(now)}.csv`,
      table: noticeRows(map, records),
      asOf: now.toISOString(),
    });
  },
};

const auditUsage = 'export audit [plan id]';
export const exportAuditCommand: Command<{ planId?: string }> = {
  name: 'export audit',
  usage: auditUsage,
  summary: 'Send the audit record of one plan (the latest plan by default) as a CSV file: request, decisions, every item. Personal chat only.',
  adminOnly: true,
  changesTenant: false,
  parse: (argText) => {
    const w = words(argText);
    if (w.length === 0) return {};
    const id = w[0]!.toLowerCase();
    if (w.length !== 1 || !new RegExp(`^${PLAN_ID_PATTERN.source}$`, 'i').test(id)) {
      throw new InputError('Give the plan id shown on its card, e.g. p-7k3m9q2x, or nothing for the latest plan.', { usage: auditUsage });
    }
    return { planId: id };
  },
  argsFromEntities: (e) => e.planId ?? '',
  run: async (args, ctx) => {
    const other = elsewhere(ctx, ['export audit', args.planId].filter(Boolean).join(' '));
    if (other) return other;
    const found = await planAudit(ctx.services.audit, args.planId);
    if (!found) throw new InputError(args.planId ? `The audit record has nothing for plan ${args.planId}.` : 'The audit record has no plan yet.', { usage: auditUsage });
    return sendFile(ctx, {
      title: `Audit of plan ${found.planId}`,
      description: `${count(found.entries.length)} audit entries of plan ${found.planId}.`,
      fileName: `audit-${found.planId}.csv`,
      table: auditRows(found.entries),
      asOf: ctx.services.clock.now().toISOString(),
    });
  },
};
