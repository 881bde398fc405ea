// THE command table. Adding a command is its file plus one line here; help and the router read this list.
import type { Command } from './command.js';
import { helpCommand } from './help.js';
import { hostUrlsCommand } from './hostUrls.js';
import { listRedirectsCommand } from './listRedirects.js';
import { moveStatusCommand } from './moveStatus.js';
import { pendingCommand } from './pending.js';
import { removeRedirectsCommand } from './removeRedirects.js';
import { removeTrustCommand } from './removeTrust.js';
import { statusCommand } from './status.js';
import { refreshCommand } from './refresh.js';
import { auditCommand } from './audit.js';
import { cancelCommand } from './cancel.js';
import { confirmAccessCommand } from './confirmAccess.js';
import { migrateBackCommand } from './migrateBack.js';
import { movedBackCommand } from './movedBack.js';
import { checkSetupCommand } from './checkSetup.js';
import { trustStatusCommand } from './trustStatus.js';
import { notifyUsersCommand } from './notifyUsers.js';
import { notifyStatusCommand } from './notifyStatus.js';
import { notifySiteOwnersCommand } from './notifySiteOwners.js';
import { remindCommand } from './remind.js';
import { sandboxInboxCommand } from './sandboxInbox.js';
import { exportAuditCommand, exportMovesCommand, exportNotifyCommand, exportRedirectsCommand } from './export.js';

export const COMMANDS: readonly Command<any>[] = [
  helpCommand(() => COMMANDS),
  statusCommand,
  hostUrlsCommand,
  trustStatusCommand,
  listRedirectsCommand,
  moveStatusCommand,
  removeTrustCommand,
  removeRedirectsCommand,
  migrateBackCommand,
  movedBackCommand,
  confirmAccessCommand,
  notifyUsersCommand,
  notifyStatusCommand,
  notifySiteOwnersCommand,
  remindCommand,
  pendingCommand,
  auditCommand,
  exportRedirectsCommand,
  exportMovesCommand,
  exportNotifyCommand,
  exportAuditCommand,
  cancelCommand,
  checkSetupCommand,
  refreshCommand,
  sandboxInboxCommand,
];

export function findCommand(name: string): Command<any> | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** The command whose name starts the text (longest name first), and the words after it. */
export function matchCommandText(text: string): { command: Command<any>; argText: string } | undefined {
  const lower = text.toLowerCase();
  const byLength = [...COMMANDS].sort((a, b) => b.name.length - a.name.length);
  for (const command of byLength) {
    if (lower === command.name || lower.startsWith(`${command.name} `)) {
      return { command, argText: text.slice(command.name.length).trim() };
    }
  }
  return undefined;
}
