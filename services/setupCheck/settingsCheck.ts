// Settings present and well-formed. The rules live in bot/config.ts (the one validation); here each of
// its findings becomes an item, so the doctor and the startup refusal never disagree.
import type { CheckItem, SetupCheckInput } from './types.js';

const keyOf = (line: string) => /^([A-Za-z_][A-Za-z0-9_]*)(?:, [A-Za-z_][A-Za-z0-9_]*)*:/.exec(line)?.[1] ?? 'settings';
const after = (line: string) => line.replace(/^[^:]*:\s*/, '');

export function checkSettings(input: SetupCheckInput): CheckItem[] {
  const problems = input.settingsProblems.map((line, i): CheckItem => ({
    id: `settings.${keyOf(line)}.${i}`, title: `Setting ${line.split(':')[0]}`, ok: false, detail: after(line),
    fix: `Correct ${line.split(':')[0]} in .env or the environment (every key is described in .env.example).`,
  }));
  const warnings = input.settingsWarnings.map((line, i): CheckItem => ({
    id: `settings.${keyOf(line)}.warn${i}`, title: `Setting ${line.split(':')[0]}`, ok: 'warn', detail: after(line),
    fix: `Set ${line.split(':')[0]} (see .env.example).`,
  }));
  if (problems.length === 0) {
    const mode = input.mode === 'sandbox' ? 'sandbox mode: no tenant keys set, the simulated tenants are used' : 'live mode: both tenants and the bot credentials are set';
    problems.push({ id: 'settings', title: 'Settings', ok: true, detail: `present and well-formed (${mode})` });
  }
  return [...problems, ...warnings];
}
