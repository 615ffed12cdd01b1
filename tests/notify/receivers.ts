/**
 * Local receivers for notification tests: real node:http servers on 127.0.0.1 that record what they got
 * and answer like the platforms do (or misbehave on purpose).
 */
import http from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { AlertMessage } from '@/lib/notify/message';

export interface Received {
  method: string;
  /** Raw request target (path + query, as sent on the wire). */
  target: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  origin: string;
  url: (pathAndQuery: string) => string;
  requests: Received[];
  close: () => Promise<void>;
}

export type ReceiverHandler = (req: Received, res: ServerResponse, index: number) => void;

export async function startReceiver(handler: ReceiverHandler): Promise<Receiver> {
  const requests: Received[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        method: req.method ?? '',
        target: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(r);
      handler(r, res, requests.length - 1);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (p) => `${origin}${p}`,
    requests,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  const raw = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(raw) });
  res.end(raw);
}

/** Hostile crawled text in every field the alert carries. */
export const HOSTILE = '[点我](http://evil.example/x) <script>alert(1)</script> @all <at user_id="all">所有人</at> <@zhangsan> **粗** # 标题';

export function sampleAlert(over: Partial<AlertMessage> = {}): AlertMessage {
  return {
    id: 'al_123',
    level: 'orange',
    kindLabel: '事故舆情',
    subjectLabel: '某化工厂发生爆炸 3 人受伤',
    why: '2 小时内相关报道 37 篇，较前 24 小时均值上升 5.2 倍',
    factors: [
      { name: '报道数', value: 37 },
      { name: '负面占比', value: '82%' },
    ],
    openedAt: new Date('2025-03-01T06:05:00Z'),
    escalated: false,
    clock: { label: '首报时限', text: '剩余 25 分钟' },
    url: '/alerts/al_123',
    ...over,
  };
}
