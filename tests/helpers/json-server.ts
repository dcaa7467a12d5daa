import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a provider API stand-in received it. */
export interface ApiRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface JsonServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  readonly received: ApiRequest[];
  close(): Promise<void>;
}

/**
 * A stand-in for a provider's API on 127.0.0.1 (a free port): records every request and answers with the
 * JSON `respond` returns (default `{}` with status 200), as the real SDKs expect a JSON body; a string is sent
 * as XML.
 */
export async function startJsonServer(
  respond: (request: ApiRequest) => { status: number; body: unknown } = () => ({ status: 200, body: {} }),
): Promise<JsonServer> {
  const received: ApiRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      received.push(request);
      const answer = respond(request);
      res.statusCode = answer.status;
      // A string body is sent as it is (XML for AWS query-protocol APIs), anything else as JSON.
      res.setHeader('content-type', typeof answer.body === 'string' ? 'text/xml' : 'application/json');
      res.end(answer.status === 204 ? undefined : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
