// Bench process: the load generator, autocannon-style. `connections` keep-alive connections each send
// the next message as soon as the last one is answered, until `count` messages have been answered.
// Every message gets an id of its own, as Teams gives it (the bot ignores a repeated id).
import { Agent, request } from 'node:http';
import { answerParent } from './childChannel.js';

export interface Drive { url: string; activity: object; count: number; connections: number; idPrefix: string }
export interface Driven { ms: number; notOk: number; lastStatus: number }

function post(agent: Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function drive(d: Drive): Promise<Driven> {
  const agent = new Agent({ keepAlive: true, maxSockets: d.connections });
  const url = new URL('/api/messages', d.url);
  let next = 0;
  let notOk = 0;
  let lastStatus = 0;
  const connection = async () => {
    while (next < d.count) {
      const body = JSON.stringify({ ...d.activity, id: `${d.idPrefix}-${next++}` });
      lastStatus = await post(agent, url, body);
      if (lastStatus !== 200) notOk++;
    }
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: d.connections }, connection));
    return { ms: performance.now() - started, notOk, lastStatus };
  } finally {
    agent.destroy();
  }
}

answerParent({}, { drive: (r) => drive(r as unknown as Drive) });
