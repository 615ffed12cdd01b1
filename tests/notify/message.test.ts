import { describe, expect, test } from 'vitest';
import { channelSecrets, redactUrl, scrubSecrets } from '@/lib/notify/channels';
import {
  LEVEL_INFO,
  alertLink,
  escapeHtml,
  formatShanghai,
  neutralise,
  renderDingtalkMarkdown,
  renderEmail,
  renderFeishuPost,
  renderFeishuText,
  renderPlainText,
  renderWecomMarkdown,
  truncateBytes,
} from '@/lib/notify/message';
import { sampleAlert } from './receivers';

const HOSTILE_TITLES = [
  '[点我](http://evil.example)',
  '![img](http://evil.example/x.png)',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '@all 紧急',
  '<at user_id="all">所有人</at>',
  '<@zhangsan>',
  '<font color="warning">假预警</font>',
  '**加粗** `code` ~~删除~~ | 表格 |',
  '标题\n# 注入标题\n> 引用\n[x](javascript:alert(1))',
  'www.evil.example 和 https://evil.example/path',
  'a\u202eb\u200bc\u0000d', // bidi override, zero-width, NUL
];

const renderAll = (subjectLabel: string): string[] => {
  const m = sampleAlert({ subjectLabel, why: subjectLabel, kindLabel: subjectLabel, factors: [{ name: subjectLabel, value: subjectLabel }] });
  const opts = { baseUrl: 'https://yq.example.gov.cn' };
  const ding = renderDingtalkMarkdown(m, opts);
  return [
    renderWecomMarkdown(m, opts),
    ding.title,
    ding.text,
    JSON.stringify(renderFeishuPost(m, opts)),
    renderFeishuText(m, opts),
  ];
};

describe('escaping hostile crawled text', () => {
  test.each(HOSTILE_TITLES)('%j cannot inject links, mentions or markup', (title) => {
    for (const out of renderAll(title)) {
      expect(out).not.toMatch(/<script|<img|<at |<@|<font color="warning">假/);
      expect(out).not.toContain('@all');
      expect(out).not.toContain('http://evil');
      expect(out).not.toContain('https://evil');
      expect(out).not.toMatch(/\]\(\s*javascript:/i);
      expect(out).not.toMatch(/\n#\s*注入/);
      expect(out).not.toMatch(/[\u202e\u200b\u0000]/);
      // Only our own link survives.
      expect((out.match(/\]\(/g) ?? []).length).toBeLessThanOrEqual(1);
      expect(out).not.toContain('](http://evil');
    }
  });

  test('neutralised text stays readable', () => {
    expect(neutralise('[点我](http://evil)')).toBe('［点我］（http：//evil）');
    expect(neutralise('@all <at user_id="all">')).toBe('＠all ＜at user＿id=＂all＂＞');
    expect(neutralise('浓度 3.5 mg/m3，超标 2-3 倍')).toBe('浓度 3.5 mg/m3，超标 2-3 倍');
  });

  test('HTML escaping for email', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const mail = renderEmail(sampleAlert({ subjectLabel: '<script>alert(1)</script>\r\nBcc: x@evil' }));
    expect(mail.html).not.toContain('<script');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});

describe('content', () => {
  test('level words and ranks', () => {
    expect(LEVEL_INFO.red.label).toBe('红色预警（一级）');
    expect(LEVEL_INFO.orange.label).toBe('橙色预警（二级）');
    expect(LEVEL_INFO.yellow.label).toBe('黄色预警（三级）');
    expect(LEVEL_INFO.blue.label).toBe('蓝色预警（四级）');
  });

  test('plain text carries kind, subject, why with numbers, factors, clock, Shanghai time, link', () => {
    const text = renderPlainText(sampleAlert({ escalated: true }), { baseUrl: 'https://yq.example.gov.cn/' });
    expect(text).toContain('【橙色预警（二级）（已升级）】事故舆情：某化工厂发生爆炸 3 人受伤');
    expect(text).toContain('原因：2 小时内相关报道 37 篇，较前 24 小时均值上升 5.2 倍');
    expect(text).toContain('指标：报道数 37；负面占比 82%');
    expect(text).toContain('首报时限：剩余 25 分钟');
    expect(text).toContain('时间：2025-03-01 14:05（北京时间）');
    expect(text).toContain('详情：https://yq.example.gov.cn/alerts/al_123');
  });

  test('demo alerts are marked', () => {
    const m = sampleAlert({ demo: true });
    expect(renderWecomMarkdown(m)).toContain('【演示】');
    expect(renderEmail(m).subject.startsWith('【演示】')).toBe(true);
  });

  test('Asia/Shanghai time regardless of the server zone', () => {
    expect(formatShanghai(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01 00:30');
  });

  test('links: only http(s); relative paths need a base URL; markdown-breaking characters encoded', () => {
    expect(alertLink({ url: 'javascript:alert(1)' }, { baseUrl: 'https://a.example' })).toBeNull();
    expect(alertLink({ url: '/alerts/1' })).toBeNull();
    expect(alertLink({ url: null }, { baseUrl: 'https://a.example' })).toBe('https://a.example/');
    expect(alertLink({ url: '/alerts/(1)' }, { baseUrl: 'https://a.example' })).toBe('https://a.example/alerts/%281%29');
  });
});

describe('length caps', () => {
  const long = sampleAlert({
    subjectLabel: '爆'.repeat(5000),
    why: '因'.repeat(50_000),
    factors: Array.from({ length: 50 }, (_, i) => ({ name: `指标${i}`.repeat(20), value: '值'.repeat(200) })),
  });

  test('WeCom markdown ≤ 4096 bytes and keeps the link', () => {
    const md = renderWecomMarkdown(long, { baseUrl: 'https://yq.example.gov.cn' });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(4096);
    expect(md).toContain('[查看详情](https://yq.example.gov.cn/alerts/al_123)');
  });

  test('DingTalk ≤ 18 000 chars, Feishu body ≤ 20 KB', () => {
    expect(Array.from(renderDingtalkMarkdown(long).text).length).toBeLessThanOrEqual(18_000);
    expect(Buffer.byteLength(JSON.stringify(renderFeishuPost(long)))).toBeLessThanOrEqual(19_000);
    expect(Buffer.byteLength(JSON.stringify(renderFeishuText(long)))).toBeLessThanOrEqual(19_000);
  });

  test('truncateBytes never splits a character', () => {
    const s = truncateBytes('安全生产😀舆情', 14);
    expect(Buffer.byteLength(s)).toBeLessThanOrEqual(14);
    expect(s).not.toContain('\ufffd');
    expect(s.endsWith('…')).toBe(true);
  });
});

describe('secret handling helpers', () => {
  test('redactUrl hides query strings and long path tokens', () => {
    expect(redactUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-123')).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?***',
    );
    expect(redactUrl('https://open.feishu.cn/open-apis/bot/v2/hook/5e3d587e-d78e-4a07-bd07-265f269f86fd')).toBe(
      'https://open.feishu.cn/open-apis/bot/v2/hook/***',
    );
  });

  test('scrubSecrets removes every secret of a channel', () => {
    const secrets = channelSecrets({
      kind: 'dingtalk',
      webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=tok_abcdef123456',
      secret: 'SECabcdef0123456789',
    });
    const msg = scrubSecrets('failed https://oapi.dingtalk.com/robot/send?access_token=tok_abcdef123456 SECabcdef0123456789 tok_abcdef123456', secrets);
    expect(msg).not.toContain('tok_abcdef123456');
    expect(msg).not.toContain('SECabcdef0123456789');
  });
});
