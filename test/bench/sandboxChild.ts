// Bench process: the simulated tenants on their own (as `npm run sandbox` runs them), which the bot joins
// with SANDBOX_URL as several instances do, so the bot's process holds the bot alone: its CPU and memory
// figures are what a bot in front of real tenants spends, not the simulator's.
import { startSandbox } from '../../services/sandbox/index.js';
import { answerParent } from './childChannel.js';

const sandbox = await startSandbox({ port: 0 });
process.once('SIGTERM', () => { sandbox.close().then(() => process.exit(0), () => process.exit(1)); });
answerParent({ url: sandbox.url, tenantId: sandbox.target.tenantId }, {});
