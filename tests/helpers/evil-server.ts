/**
 * Local "evil servers" for fetcher tests (TESTPLAN conventions): real node:http/https/net servers on
 * 127.0.0.1 that misbehave on purpose, and record what they saw (requests, in-flight count, timing).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SeenRequest {
  method: string;
  path: string;
  host: string;
  headers: http.IncomingHttpHeaders;
  /** performance.now() when the request arrived / when the response closed. */
  start: number;
  end?: number;
}

export interface EvilServer {
  port: number;
  origin: string;
  url: (path?: string) => string;
  /** The allow-list entry that lets the fetcher reach exactly this server. */
  allow: string;
  requests: SeenRequest[];
  /** Per Host header: current and maximum concurrent requests. */
  inFlight: Map<string, number>;
  maxInFlight: Map<string, number>;
  close: () => Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest) => void | Promise<void>;

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function trackSockets(server: net.Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return sockets;
}

function closeServer(server: net.Server, sockets: Set<Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** An HTTP (or HTTPS, with tls) server running `handler` for every request. */
export async function startServer(handler: Handler, opts: { tls?: { key: string; cert: string } } = {}): Promise<EvilServer> {
  const requests: SeenRequest[] = [];
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const seen: SeenRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      host,
      headers: req.headers,
      start: performance.now(),
    };
    requests.push(seen);
    const now = (inFlight.get(host) ?? 0) + 1;
    inFlight.set(host, now);
    maxInFlight.set(host, Math.max(maxInFlight.get(host) ?? 0, now));
    res.on('close', () => {
      seen.end = performance.now();
      inFlight.set(host, (inFlight.get(host) ?? 1) - 1);
    });
    // A client that gives up mid-body surfaces as EPIPE/ECONNRESET on the server side: expected here.
    res.on('error', () => undefined);
    req.on('error', () => undefined);
    Promise.resolve(handler(req, res, seen)).catch(() => res.destroy());
  };
  const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, onRequest) : http.createServer(onRequest);
  server.on('clientError', (_e, socket) => socket.destroy());
  server.on('tlsClientError', () => undefined);
  const sockets = trackSockets(server);
  const port = await listen(server);
  const scheme = opts.tls ? 'https' : 'http';
  return {
    port,
    origin: `${scheme}://127.0.0.1:${port}`,
    url: (path = '/') => `${scheme}://127.0.0.1:${port}${path}`,
    allow: `127.0.0.1:${port}`,
    requests,
    inFlight,
    maxInFlight,
    close: () => closeServer(server, sockets),
  };
}

/** A raw TCP server for byte-exact misbehaviour (lying Content-Length, headers never sent…). */
export async function startTcpServer(
  onSocket: (socket: Socket) => void,
): Promise<{ port: number; allow: string; url: (path?: string) => string; connections: () => number; close: () => Promise<void> }> {
  let connections = 0;
  const server = net.createServer((s) => {
    connections++;
    s.on('error', () => undefined);
    onSocket(s);
  });
  const sockets = trackSockets(server);
  const port = await listen(server);
  return {
    port,
    allow: `127.0.0.1:${port}`,
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    connections: () => connections,
    close: () => closeServer(server, sockets),
  };
}

/**
 * A throw-away self-signed certificate made with the openssl CLI (nothing is committed).
 * expired: notAfter one day before notBefore (openssl 3.0 has no -not_after option).
 */
export function makeCert(san: string, cn = 'test', opts: { expired?: boolean } = {}): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'evil-cert-'));
  const run = (args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'ignore' });
  };
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    const subj = ['-subj', `/CN=${cn}`];
    if (opts.expired) {
      const csr = join(dir, 'req.csr');
      const ext = join(dir, 'ext.cnf');
      writeFileSync(ext, `subjectAltName=${san}\n`);
      run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', key]);
      run(['req', '-new', '-key', key, ...subj, '-out', csr]);
      run(['x509', '-req', '-in', csr, '-signkey', key, '-days', '-1', '-extfile', ext, '-out', cert]);
    } else {
      run([
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', key, '-out', cert, '-days', '2', ...subj, '-addext', `subjectAltName=${san}`,
      ]);
    }
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
