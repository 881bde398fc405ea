// `npm start`: the bot (simulated tenants unless tenants are configured) plus the Agents Playground,
// so a person can chat with the bot in a browser at once. PLAYGROUND=off starts the bot alone.
import type { ChildProcess } from 'node:child_process';
import { startBot } from './index.js';
import { DEFAULT_PLAYGROUND_PORT, startPlayground, waitForPlayground } from './playground.js';
import { projectRoot } from './projectRoot.js';

async function main(): Promise<void> {
  const bot = await startBot(process.env);
  console.log(`Bot listening on ${bot.url}/api/messages (${bot.mode === 'sandbox' ? 'simulated tenants' : 'live tenants'})`);
  let playground: ChildProcess | undefined;
  const wanted = (process.env.PLAYGROUND ?? 'on').toLowerCase() !== 'off';
  if (wanted && !process.env.MicrosoftAppId) {
    const port = Number(process.env.PLAYGROUND_PORT ?? DEFAULT_PLAYGROUND_PORT);
    playground = startPlayground(bot.port, port, projectRoot());
    playground.stdout?.on('data', (chunk: Buffer) => process.stdout.write(`[playground] ${chunk}`));
    playground.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[playground] ${chunk}`));
    playground.on('exit', (code) => console.log(`[playground] exited (${code ?? 'signal'})`));
    await waitForPlayground(`http://127.0.0.1:${port}/`, 60_000, playground);
    console.log(`Agents Playground ready: open http://localhost:${port}/ (it listens on all interfaces).`);
  } else if (wanted) {
    console.log("Agents Playground not started: it needs the bot's authentication off (MicrosoftAppId is set).");
  }
  const stop = async () => {
    playground?.kill('SIGTERM');
    await bot.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
