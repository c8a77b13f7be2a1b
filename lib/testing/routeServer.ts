import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as WebStream } from 'node:stream/web';

// Each route types its own params; the server hands every one `{ params }` from the path.
type Handler = (request: Request, context: never) => Promise<Response>;

/** 'METHOD /path/[param]' → the route module's handler for it. */
export type RouteTable = Record<string, Handler>;

export interface RouteServer {
  url: string;
  close(): Promise<void>;
}

function match(table: RouteTable, method: string, pathname: string): { handler: Handler; params: Record<string, string> } | null {
  const parts = pathname.split('/').filter(Boolean);
  for (const [key, handler] of Object.entries(table)) {
    const [m, pattern] = key.split(' ');
    const segments = pattern.split('/').filter(Boolean);
    if (m !== method || segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = segments.every((s, i) => {
      if (s.startsWith('[')) return (params[s.slice(1, -1)] = decodeURIComponent(parts[i])), true;
      return s === parts[i];
    });
    if (ok) return { handler, params };
  }
  return null;
}

/** The request as Next.js hands it to a route: the body a web stream of the socket, the signal aborted when the client goes. */
function toRequest(req: IncomingMessage, res: ServerResponse, origin: string): Request {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>) : undefined,
    signal: controller.signal,
    duplex: 'half',
  } as RequestInit);
}

async function respond(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body) await new Promise<void>((resolve) => Readable.fromWeb(response.body as WebStream<Uint8Array>).pipe(res).on('finish', resolve).on('close', resolve));
  else res.end();
}

/** The route handlers themselves on a real node HTTP server (port 0), for tests that need a socket a client can cut. */
export async function serveRoutes(table: RouteTable, port = 0): Promise<RouteServer> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    const found = match(table, req.method ?? 'GET', new URL(req.url ?? '/', 'http://x').pathname);
    if (!found) {
      res.writeHead(404).end();
      return;
    }
    found.handler(toRequest(req, res, origin), { params: Promise.resolve(found.params) } as never)
      .then((response) => respond(res, response))
      .catch((e: unknown) => {
        console.error(e);
        res.destroy();
      });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
