import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import { ChannelConfigSchema } from '@/lib/notify/channels';
import type { ChannelConfig } from '@/lib/notify/channels';
import type { LookupFn } from '@/lib/fetch/types';
import { postJson } from '@/lib/notify/http';
import { sendNotification } from '@/lib/notify/send';
import type { SendOptions } from '@/lib/notify/send';
import { HOSTILE, json, sampleAlert, startReceiver } from './receivers';
import type { Receiver } from './receivers';

const NOW = new Date('2025-01-01T00:00:00Z'); // 1735689600000 ms
const opts = (o: Partial<SendOptions> = {}): SendOptions => ({
  now: NOW,
  timeoutMs: 2000,
  allowPrivate: true,
  baseUrl: 'https://yq.example.gov.cn',
  ...o,
});

const WECOM_KEY = 'wecom-key-8f1c2a77-0000-4bc4-97a0-secretkey';
const DING_TOKEN = 'dingtokenabcdef0123456789';
const DING_SECRET = 'SECtest0123456789abcdef';
const FEISHU_TOKEN = '5e3d587e-d78e-4a07-bd07-265f269f86fd';
const FEISHU_SECRET = 'feishu-secret-xyz';
const HOOK_SECRET = 'webhook-shared-secret-0123456789';

let servers: Receiver[] = [];
async function receiver(...a: Parameters<typeof startReceiver>): Promise<Receiver> {
  const r = await startReceiver(...a);
  servers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

function expectNoSecrets(text: string): void {
  for (const s of [WECOM_KEY, DING_TOKEN, DING_SECRET, FEISHU_TOKEN, FEISHU_SECRET, HOOK_SECRET, 'smtp-pass']) {
    expect(text).not.toContain(s);
  }
}

describe('企业微信 wecom', () => {
  test('markdown body, errcode 0 → ok; mentions go in a follow-up text', async () => {
    const r = await receiver((_req, res) => json(res, 200, { errcode: 0, errmsg: 'ok' }));
    const ch: ChannelConfig = {
      kind: 'wecom',
      webhookUrl: r.url(`/cgi-bin/webhook/send?key=${WECOM_KEY}`),
      mentionedMobiles: ['13800001111'],
    };
    const res = await sendNotification(ch, sampleAlert({ subjectLabel: HOSTILE }), opts());
    expect(res.ok).toBe(true);
    expect(r.requests).toHaveLength(2);
    const first = r.requests[0]!;
    expect(first.method).toBe('POST');
    expect(first.target).toBe(`/cgi-bin/webhook/send?key=${WECOM_KEY}`);
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(first.body) as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    const content = body.markdown.content;
    expect(content).toContain('橙色预警（二级）');
    expect(content).toContain('事故舆情');
    expect(content).toContain('2025-03-01 14:05');
    expect(content).toContain('首报时限');
    expect(content).toContain('[查看详情](https://yq.example.gov.cn/alerts/al_123)');
    // The hostile title cannot add a link, a mention or markup.
    expect(content.match(/\]\(/g)).toHaveLength(1);
    expect(content).not.toContain('http://evil');
    expect(content).not.toContain('<script');
    expect(content).not.toContain('@all');
    expect(content).not.toContain('<at');
    expect(content).not.toContain('<@');
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
    const second = JSON.parse(r.requests[1]!.body) as { msgtype: string; text: { content: string; mentioned_mobile_list: string[] } };
    expect(second.msgtype).toBe('text');
    expect(second.text.mentioned_mobile_list).toEqual(['13800001111']);
    expect(second.text.content).not.toContain('@all');
  });

  test('bad key errcode 93000 → permanent, and the key never appears', async () => {
    const r = await receiver((_req, res) =>
      json(res, 200, { errcode: 93000, errmsg: `invalid webhook url, key=${WECOM_KEY}, hint: [x]` }),
    );
    const res = await sendNotification(
      { kind: 'wecom', webhookUrl: r.url(`/cgi-bin/webhook/send?key=${WECOM_KEY}`) },
      sampleAlert(),
      opts(),
    );
    expect(res).toMatchObject({ ok: false, retryable: false });
    if (res.ok) return;
    expect(res.error).toContain('93000');
    expectNoSecrets(res.error);
  });

  test('rate limit errcode 45009 → retryable', async () => {
    const r = await receiver((_req, res) => json(res, 200, { errcode: 45009, errmsg: 'api freq out of limit' }));
    const res = await sendNotification({ kind: 'wecom', webhookUrl: r.url(`/send?key=${WECOM_KEY}`) }, sampleAlert(), opts());
    expect(res).toMatchObject({ ok: false, retryable: true });
  });

  test('500 then 200: first attempt retryable, second ok', async () => {
    const r = await receiver((_req, res, i) =>
      i === 0 ? json(res, 500, { error: 'boom' }) : json(res, 200, { errcode: 0, errmsg: 'ok' }),
    );
    const ch: ChannelConfig = { kind: 'wecom', webhookUrl: r.url(`/send?key=${WECOM_KEY}`) };
    const a = await sendNotification(ch, sampleAlert(), opts());
    expect(a).toMatchObject({ ok: false, retryable: true });
    if (!a.ok) expect(a.error).toContain('500');
    const b = await sendNotification(ch, sampleAlert(), opts());
    expect(b.ok).toBe(true);
  });

  test('a hanging receiver → timeout, retryable, within the deadline', async () => {
    const r = await receiver(() => {
      /* never answers */
    });
    const t0 = performance.now();
    const res = await sendNotification({ kind: 'wecom', webhookUrl: r.url(`/send?key=${WECOM_KEY}`) }, sampleAlert(), opts({ timeoutMs: 300 }));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(res).toMatchObject({ ok: false, retryable: true });
    if (!res.ok) {
      expect(res.error).toContain('超时');
      expectNoSecrets(res.error);
    }
  });

  test('redirects are not followed (the key would leak to another host)', async () => {
    const other = await receiver((_req, res) => json(res, 200, { errcode: 0 }));
    const r = await receiver((_req, res) => {
      res.writeHead(302, { location: other.url('/steal') });
      res.end();
    });
    const res = await sendNotification({ kind: 'wecom', webhookUrl: r.url(`/send?key=${WECOM_KEY}`) }, sampleAlert(), opts());
    expect(res).toMatchObject({ ok: false, retryable: false });
    expect(other.requests).toHaveLength(0);
  });

  test('connection refused → retryable network error', async () => {
    const r = await receiver(() => undefined);
    const url = r.url(`/send?key=${WECOM_KEY}`);
    await r.close();
    servers = [];
    const res = await sendNotification({ kind: 'wecom', webhookUrl: url }, sampleAlert(), opts());
    expect(res).toMatchObject({ ok: false, retryable: true });
    if (!res.ok) expectNoSecrets(res.error);
  });

  test('huge response is capped and does not crash', async () => {
    const r = await receiver((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"errcode":0,"pad":"${'x'.repeat(300_000)}"}`);
    });
    const res = await sendNotification({ kind: 'wecom', webhookUrl: r.url(`/send?key=${WECOM_KEY}`) }, sampleAlert(), opts({ maxResponseBytes: 1024 }));
    expect(res).toMatchObject({ ok: false, retryable: true });
  });
});

describe('钉钉 dingtalk 加签', () => {
  test('receiver verifies timestamp + sign independently and checks the markdown body', async () => {
    let verified = false;
    const r = await receiver((req, res) => {
      const u = new URL(req.target, 'http://x');
      const ts = u.searchParams.get('timestamp') ?? '';
      // Independent verification, as DingTalk does it: HMAC-SHA256(key = secret, msg = ts + "\n" + secret),
      // Base64; the query value arrives URL-encoded and URLSearchParams decodes it.
      const expected = createHmac('sha256', DING_SECRET).update(`${ts}\n${DING_SECRET}`).digest('base64');
      verified = u.searchParams.get('sign') === expected && u.searchParams.get('access_token') === DING_TOKEN;
      if (!verified) return json(res, 200, { errcode: 310000, errmsg: 'sign not match' });
      return json(res, 200, { errcode: 0, errmsg: 'ok' });
    });
    const ch: ChannelConfig = {
      kind: 'dingtalk',
      webhookUrl: r.url(`/robot/send?access_token=${DING_TOKEN}`),
      secret: DING_SECRET,
      atMobiles: ['13800001111'],
    };
    const res = await sendNotification(ch, sampleAlert({ level: 'red', subjectLabel: HOSTILE }), opts());
    expect(res.ok).toBe(true);
    expect(verified).toBe(true);
    const req = r.requests[0]!;
    // Known-answer vector computed with Python's hmac/base64/urllib (an independent implementation).
    expect(req.target).toContain('timestamp=1735689600000');
    expect(req.target).toContain('sign=%2FPk9mWSab782xO%2FvgJ845CsUyVVCDbwVfVBkbirxLzs%3D');
    const body = JSON.parse(req.body) as {
      msgtype: string;
      markdown: { title: string; text: string };
      at: { atMobiles: string[]; isAtAll: boolean };
    };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toContain('红色预警（一级）');
    expect(body.markdown.text).toContain('红色预警（一级）');
    expect(body.markdown.text).toContain('@13800001111');
    expect(body.at).toEqual({ atMobiles: ['13800001111'], isAtAll: false });
    for (const s of [body.markdown.title, body.markdown.text]) {
      expect(s).not.toContain('http://evil');
      expect(s).not.toContain('<script');
      expect(s).not.toContain('@all');
      expect(s).not.toContain('<at');
    }
    expect(body.markdown.text.match(/\]\(/g)).toHaveLength(1);
  });

  test('310000 sign not match → permanent; 130101 too fast → retryable', async () => {
    const r = await receiver((_req, res, i) =>
      i === 0
        ? json(res, 200, { errcode: 310000, errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com]' })
        : json(res, 200, { errcode: 130101, errmsg: 'send too fast' }),
    );
    const ch: ChannelConfig = { kind: 'dingtalk', webhookUrl: r.url(`/robot/send?access_token=${DING_TOKEN}`), secret: DING_SECRET };
    const a = await sendNotification(ch, sampleAlert(), opts());
    expect(a).toMatchObject({ ok: false, retryable: false });
    if (!a.ok) {
      expect(a.error).toContain('310000');
      expectNoSecrets(a.error);
    }
    const b = await sendNotification(ch, sampleAlert(), opts());
    expect(b).toMatchObject({ ok: false, retryable: true });
  });
});

describe('飞书 feishu 签名校验', () => {
  test('receiver verifies body timestamp + sign (HMAC key = ts\\nsecret, empty message)', async () => {
    let verified = false;
    const r = await receiver((req, res) => {
      const body = JSON.parse(req.body) as { timestamp: string; sign: string };
      const expected = createHmac('sha256', `${body.timestamp}\n${FEISHU_SECRET}`).update(Buffer.alloc(0)).digest('base64');
      verified = body.sign === expected && Math.abs(Number(body.timestamp) - NOW.getTime() / 1000) < 3600;
      json(res, 200, verified ? { code: 0, msg: 'success', data: {} } : { code: 19021, msg: 'sign match fail' });
    });
    const ch: ChannelConfig = { kind: 'feishu', webhookUrl: r.url(`/open-apis/bot/v2/hook/${FEISHU_TOKEN}`), secret: FEISHU_SECRET };
    const res = await sendNotification(ch, sampleAlert({ subjectLabel: HOSTILE, demo: true }), opts());
    expect(res.ok).toBe(true);
    expect(verified).toBe(true);
    const body = JSON.parse(r.requests[0]!.body) as {
      timestamp: string;
      sign: string;
      msg_type: string;
      content: { post: { zh_cn: { title: string; content: { tag: string; text?: string; href?: string }[][] } } };
    };
    // Known-answer vector from Python hmac/base64.
    expect(body.timestamp).toBe('1735689600');
    expect(body.sign).toBe('LwiuHN2qDNUOTZbVhI0CMB7PqMKeuR/aN2rxRuZ89CM=');
    expect(body.msg_type).toBe('post');
    const post = body.content.post.zh_cn;
    expect(post.title).toContain('【演示】');
    const flat = post.content.flat();
    const links = flat.filter((e) => e.tag === 'a');
    expect(links).toEqual([{ tag: 'a', text: '查看详情', href: 'https://yq.example.gov.cn/alerts/al_123' }]);
    expect(flat.some((e) => e.tag === 'at')).toBe(false);
    const text = JSON.stringify(post);
    expect(text).not.toContain('<at');
    expect(text).not.toContain('@all');
    expect(text).not.toContain('http://evil');
  });

  test('text message format and old StatusCode responses', async () => {
    const r = await receiver((_req, res) => json(res, 200, { Extra: null, StatusCode: 0, StatusMessage: 'success' }));
    const ch: ChannelConfig = {
      kind: 'feishu',
      webhookUrl: r.url(`/open-apis/bot/v2/hook/${FEISHU_TOKEN}`),
      secret: FEISHU_SECRET,
      msgType: 'text',
      mentionAll: true,
    };
    const res = await sendNotification(ch, sampleAlert({ subjectLabel: HOSTILE }), opts());
    expect(res.ok).toBe(true);
    const body = JSON.parse(r.requests[0]!.body) as { msg_type: string; content: { text: string } };
    expect(body.msg_type).toBe('text');
    // Exactly one <at>: ours, configured by the admin; the title's is neutralised.
    expect(body.content.text.match(/<at /g)).toHaveLength(1);
    expect(body.content.text).not.toContain('http://evil');
  });

  test('19021 sign fail → permanent, no secret or hook token in the error', async () => {
    const r = await receiver((_req, res) =>
      json(res, 200, { code: 19021, msg: `sign match fail or timestamp is not within one hour from current time ${FEISHU_TOKEN}` }),
    );
    const ch: ChannelConfig = { kind: 'feishu', webhookUrl: r.url(`/open-apis/bot/v2/hook/${FEISHU_TOKEN}`), secret: FEISHU_SECRET };
    const res = await sendNotification(ch, sampleAlert(), opts());
    expect(res).toMatchObject({ ok: false, retryable: false });
    if (!res.ok) {
      expect(res.error).toContain('19021');
      expectNoSecrets(res.error);
    }
  });

  test('11232 frequency limited → retryable', async () => {
    const r = await receiver((_req, res) => json(res, 200, { code: 11232, msg: 'frequency limited' }));
    const ch: ChannelConfig = { kind: 'feishu', webhookUrl: r.url(`/open-apis/bot/v2/hook/${FEISHU_TOKEN}`), secret: FEISHU_SECRET };
    expect(await sendNotification(ch, sampleAlert(), opts())).toMatchObject({ ok: false, retryable: true });
  });
});

describe('generic webhook', () => {
  test('documented JSON payload, HMAC signature over the raw body, any 2xx = ok', async () => {
    const r = await receiver((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const ch: ChannelConfig = { kind: 'webhook', url: r.url('/hooks/alerts'), secret: HOOK_SECRET };
    const res = await sendNotification(ch, sampleAlert({ subjectLabel: HOSTILE, escalated: true }), opts());
    expect(res.ok).toBe(true);
    const req = r.requests[0]!;
    const expected = `sha256=${createHmac('sha256', HOOK_SECRET).update(req.body).digest('hex')}`;
    expect(req.headers['x-signature-256']).toBe(expected);
    expect(req.headers['x-timestamp']).toBe('1735689600');
    const payload = JSON.parse(req.body) as Record<string, unknown> & { alert: Record<string, unknown> };
    expect(payload).toMatchObject({ version: 1, type: 'alert', sentAt: NOW.toISOString(), demo: false });
    expect(payload.alert).toMatchObject({
      id: 'al_123',
      level: 'orange',
      levelLabel: '橙色预警（二级）',
      levelRank: 2,
      kind: '事故舆情',
      escalated: true,
      openedAt: '2025-03-01T06:05:00.000Z',
      url: 'https://yq.example.gov.cn/alerts/al_123',
      clock: { label: '首报时限', text: '剩余 25 分钟' },
      factors: [
        { name: '报道数', value: 37 },
        { name: '负面占比', value: '82%' },
      ],
    });
    // Raw data in JSON (receivers escape for their own format).
    expect(payload.alert.subject).toContain('<script>');
    expect(typeof payload.text).toBe('string');
  });

  test('4xx → permanent, 429 → retryable', async () => {
    const r = await receiver((_req, res, i) => json(res, i === 0 ? 400 : 429, { error: 'x' }));
    const ch: ChannelConfig = { kind: 'webhook', url: r.url('/h') };
    expect(await sendNotification(ch, sampleAlert(), opts())).toMatchObject({ ok: false, retryable: false });
    expect(await sendNotification(ch, sampleAlert(), opts())).toMatchObject({ ok: false, retryable: true });
  });

  test('production mode refuses private and loopback targets before connecting', async () => {
    const r = await receiver((_req, res) => json(res, 200, {}));
    const res = await sendNotification({ kind: 'webhook', url: r.url('/h') }, sampleAlert(), opts({ allowPrivate: false }));
    expect(res).toMatchObject({ ok: false, retryable: false });
    expect(r.requests).toHaveLength(0);
    const res2 = await sendNotification(
      { kind: 'webhook', url: 'https://169.254.169.254/latest/meta-data' },
      sampleAlert(),
      opts({ allowPrivate: false }),
    );
    expect(res2).toMatchObject({ ok: false, retryable: false });
  });

  test('connect-time guard: a public-looking name that resolves to loopback is refused', async () => {
    const r = await receiver((_req, res) => json(res, 200, {}));
    const port = Number(new URL(r.origin).port);
    const lookup: LookupFn = (_host, _o, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]);
    const attempt = postJson(new URL(`http://hooks.example.com:${port}/h`), '{}', {}, {
      timeoutMs: 2000,
      maxBytes: 1024,
      allowPrivate: false,
      lookup,
    });
    await expect(attempt).rejects.toMatchObject({ kind: 'blocked' });
    expect(r.requests).toHaveLength(0);
  });

  test('injected fetch is used with redirect: manual and a signal', async () => {
    let seen: RequestInit | undefined;
    const fakeFetch = (async (_url: string | URL | Request, init?: RequestInit) => {
      seen = init;
      return new Response('ok', { status: 200 });
    }) as typeof fetch;
    const res = await sendNotification({ kind: 'webhook', url: 'https://hooks.example.com/a' }, sampleAlert(), opts({ allowPrivate: false, fetch: fakeFetch }));
    expect(res.ok).toBe(true);
    expect(seen?.redirect).toBe('manual');
    expect(seen?.signal).toBeInstanceOf(AbortSignal);
  });
});

describe('channel validation', () => {
  test('production schema: official hosts only, https only', () => {
    const ok = ChannelConfigSchema.safeParse({ kind: 'wecom', webhookUrl: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}` });
    expect(ok.success).toBe(true);
    for (const bad of [
      { kind: 'wecom', webhookUrl: `http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}` },
      { kind: 'wecom', webhookUrl: `https://qyapi.weixin.qq.com.evil.com/cgi-bin/webhook/send?key=${WECOM_KEY}` },
      { kind: 'wecom', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send' },
      { kind: 'dingtalk', webhookUrl: `https://oapi.dingtalk.com/robot/send?access_token=${DING_TOKEN}` }, // no secret
      { kind: 'feishu', webhookUrl: 'https://open.feishu.cn/open-apis/bot/v2/hook/', secret: FEISHU_SECRET },
      { kind: 'webhook', url: 'http://hooks.example.com/a' },
      { kind: 'webhook', url: 'https://user:pw@hooks.example.com/a' },
      { kind: 'email', host: 'smtp.example.com', port: 6379, tls: 'starttls', from: 'a@example.com', to: ['b@example.com'] },
      { kind: 'email', host: 'smtp.example.com', port: 25, tls: 'none', auth: { user: 'u', pass: 'p' }, from: 'a@example.com', to: ['b@example.com'] },
      { kind: 'email', host: 'smtp.example.com', port: 587, tls: 'starttls', from: 'a@example.com', to: ['not-an-address'] },
    ]) {
      expect(ChannelConfigSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(
      ChannelConfigSchema.safeParse({ kind: 'dingtalk', webhookUrl: `https://oapi.dingtalk.com/robot/send?access_token=${DING_TOKEN}`, secret: DING_SECRET }).success,
    ).toBe(true);
    expect(
      ChannelConfigSchema.safeParse({ kind: 'feishu', webhookUrl: `https://open.feishu.cn/open-apis/bot/v2/hook/${FEISHU_TOKEN}`, secret: FEISHU_SECRET }).success,
    ).toBe(true);
  });

  test('an invalid channel is a permanent error without secrets', async () => {
    const res = await sendNotification(
      { kind: 'wecom', webhookUrl: `http://10.0.0.1/cgi-bin/webhook/send?key=${WECOM_KEY}` },
      sampleAlert(),
      opts({ allowPrivate: false }),
    );
    expect(res).toMatchObject({ ok: false, retryable: false });
    if (!res.ok) expectNoSecrets(res.error);
  });
});
