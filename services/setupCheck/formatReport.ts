// The report as plain lines for a terminal: one line per item (OK / WARN / FAIL), the fix indented
// under it, and a count at the end.
import type { CheckReport, CheckStatus } from './types.js';


export function statusWord(ok: CheckStatus): 'OK' | 'FAIL' | 'WARN' {
  return ok === true ? 'OK' : ok === false ? 'FAIL' : 'WARN';
}

export function formatReport(report: CheckReport): string[] {
  const lines = [`Setup check (${report.mode === 'sandbox' ? 'sandbox mode: simulated tenants' : 'live mode'})`, ''];
  for (const item of report.items) {
    lines.push(`${statusWord(item.ok).padEnd(5)} ${item.title}: ${item.detail}`);
    if (item.ok !== true && item.fix) lines.push(`      fix: ${item.fix}`);
  }
  const count = (ok: CheckStatus) => report.items.filter((i) => i.ok === ok).length;
  lines.push('', `${count(true)} ok, ${count('warn')} warnings, ${count(false)} failed`);
  return lines;
}
