// `npm run doctor`: checks the configuration in .env / the environment against the tenants and prints
// OK / WARN / FAIL per item with what to fix. Exit code 1 when anything failed. Changes nothing.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import dotenv from 'dotenv';
import { formatReport } from '../services/setupCheck/formatReport.js';
import { reportPassed } from '../services/setupCheck/runSetupCheck.js';
import { checkSetup, type SetupCheckOptions } from './setupCheckRunner.js';

/** Prints the report through `print` and answers the exit code. */
export async function runDoctor(env: Readonly<Record<string, string | undefined>>, print: (line: string) => void, options?: SetupCheckOptions): Promise<number> {
  const report = await checkSetup(env, options);
  for (const line of formatReport(report)) print(line);
  return reportPassed(report) ? 0 : 1;
}

function isMain(): boolean {
  try { return Boolean(process.argv[1]) && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href; } catch { return false; }
}

if (isMain()) {
  dotenv.config({ quiet: true });
  runDoctor(process.env, (line) => console.log(line)).then((code) => { process.exitCode = code; }, (err: unknown) => {
    console.error(`The setup check itself failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
