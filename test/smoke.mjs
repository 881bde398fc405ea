// `npm run test:smoke`, or `<another node> test/smoke.mjs [--node-major N]`: the build and a few test files that prove the bot
// works on the Node running this script — turns posted over HTTP to /api/messages, and a plan approved and
// run against the simulated tenants. CI runs it on the Node the Azure template deploys (see .ci/run).
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const SMOKE_TESTS = [
  'test/http/server.test.ts', // health route, help and card actions posted to /api/messages
  'test/http/approvals.test.ts', // a removal planned, approved by an approver and run on the sandbox
  'test/regression/happyPath.test.ts', // a move back planned, approved, run and tracked to done
];

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// process.execPath, never `node` from PATH: the build, jest and its workers must all run on this Node.
// PATH gets its folder first too, for anything a test starts by the name `node`.
const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` };

/** The major version asked for with --node-major; a mismatch means the smoke set would prove the wrong Node. */
function checkMajor() {
  const at = process.argv.indexOf('--node-major');
  const wanted = at === -1 ? undefined : process.argv[at + 1];
  const major = process.versions.node.split('.')[0];
  if (wanted !== undefined && wanted !== major) {
    console.error(`smoke: --node-major ${wanted} asked, but this is Node ${process.version} (${process.execPath})`);
    process.exit(1);
  }
}

function run(label, args) {
  console.log(`smoke: ${label}`);
  const result = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`smoke: ${label} failed on Node ${process.version}`);
    process.exit(result.status ?? 1);
  }
}

console.log(`smoke: Node ${process.version} at ${process.execPath}`);
checkMajor();
run('build (tsc)', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
run(`${SMOKE_TESTS.length} test files`, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', ...SMOKE_TESTS]);
console.log(`smoke: passed on Node ${process.version}`);
