import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server received it: raw header pairs (as on the wire, not joined) and the body. */
export interface Received {
  rawHeaders: string[];
  body: string;
}

export interface RecordingServer {
  /** A webhook-shaped URL on the server (`http://127.0.0.1:<port>/webhooks/orders`). */
  readonly url: string;
  /** What arrived, in order; clear it between tests with `received.length = 0`. */
  readonly received: Received[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 (a free port) that records every request and answers 200 `ok`. */
export async function startRecordingServer(): Promise<RecordingServer> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ rawHeaders: req.rawHeaders, body });
      res.statusCode = 200;
      res.setHeader('content-type', 'text/plain');
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/orders`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** All values of a header as sent on the wire (raw, not joined by Node). */
export function rawValues(rawHeaders: string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === name) values.push(rawHeaders[i + 1]!);
  }
  return values;
}
