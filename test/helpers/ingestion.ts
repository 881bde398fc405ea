// A loopback Application Insights ingestion endpoint (POST /v2.1/track), over HTTPS because the exporter
// turns an http:// IngestionEndpoint into https://. It keeps every body exactly as received (gunzipped when
// sent gzipped), so a test can search every byte that left the bot.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import { gunzipSync } from 'node:zlib';
import selfsigned from 'selfsigned';

export interface Envelope { name: string; iKey: string; tags: Record<string, string>; data: { baseType: string; baseData: Record<string, unknown> } }

export interface Ingestion {
  connectionString: string;
  /** The certificate to trust for the endpoint. */
  ca: string;
  /** Every request body received, decompressed. */
  bodies: string[];
  /** Requests' Authorization headers (Entra ingestion sends a bearer token there). */
  authorizations: (string | undefined)[];
  envelopes(): Envelope[];
  close(): Promise<void>;
}

export async function startIngestion(): Promise<Ingestion> {
  const tls = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048, algorithm: 'sha256', extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const bodies: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const server: Server = createServer({ key: tls.private, cert: tls.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      bodies.push(body);
      authorizations.push(req.headers.authorization);
      const count = (JSON.parse(body) as unknown[]).length;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ itemsReceived: count, itemsAccepted: count, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    // A fresh key each time: the exporter would resend what an earlier run left in its offline store under the same key.
    connectionString: `InstrumentationKey=${randomUUID()};IngestionEndpoint=https://127.0.0.1:${port}/`,
    ca: tls.cert,
    bodies,
    authorizations,
    envelopes: () => bodies.flatMap((b) => JSON.parse(b) as Envelope[]),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
