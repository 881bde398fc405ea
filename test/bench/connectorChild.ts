// Bench process: the Bot Framework connector's side of a reply, a plain node:http server. It reads the
// body, answers with an id and counts; nothing is parsed, so its cost stays far below a turn's.
import { createServer } from 'node:http';
import { answerParent } from './childChannel.js';

let replies = 0;
const server = createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    replies++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"id":"reply-${replies}"}`);
  });
});
// Bots keep their connection to the connector alive between turns, as they do to Teams.
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  answerParent({ serviceUrl: `http://127.0.0.1:${port}/` }, { replies: () => replies });
});
