/**
 * GET /public/releases/rss.xml on a real SQLite file: valid RSS 2.0 that rss-parser reads, published
 * releases only (newest first; a withdrawn one stays, marked, with its reason), hostile titles and
 * bodies escaped (they come back as the same text, never as markup), links absolute from
 * PUBLIC_BASE_URL.
 */
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderReleasesRss, xmlEscape } from '@/lib/releases/rss';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

const HOSTILE = '<script>alert("x")</script> & ]]> 某矿“透水”通报 \u0001';
let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  process.env.DATABASE_URL = t.url;
  process.env.PUBLIC_BASE_URL = 'https://yjj.example.gov.cn/';
  const base = { kind: 'follow_up', body: '正文', createdAt: new Date('2026-11-20T00:00:00Z'), createdBy: 'writer', createdByName: '撰稿人', updatedAt: new Date('2026-11-20T00:00:00Z') };
  await t.client.release.create({ data: { ...base, id: 1, title: '较早发布的通报', state: 'published', publishedAt: new Date('2026-11-21T02:00:00Z') } });
  await t.client.release.create({ data: { ...base, id: 2, title: HOSTILE, body: '<img src=x onerror=alert(1)>正文&amp;', state: 'published', publishedAt: new Date('2026-11-22T02:00:00Z') } });
  await t.client.release.create({ data: { ...base, id: 3, title: '尚在审查的草稿', state: 'in_review' } });
  await t.client.release.create({ data: { ...base, id: 4, title: '已签发未发布', state: 'approved' } });
  await t.client.release.create({
    data: { ...base, id: 5, title: '撤回的通报', state: 'withdrawn', publishedAt: new Date('2026-11-23T02:00:00Z'), withdrawnAt: new Date('2026-11-23T06:00:00Z'), withdrawReason: '数字有误 <b>更正</b>' },
  });
});
afterAll(async () => {
  await t.cleanup();
});

describe('the public RSS feed', () => {
  test('parses as RSS 2.0 with published releases only, newest first, escaped, absolute links', async () => {
    const { GET } = await import('@/app/public/releases/rss.xml/route');
    const res = await GET();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const xml = await res.text();
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">')).toBe(true);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('<img');
    expect(xml).not.toContain('\u0001');

    const feed = await new Parser().parseString(xml);
    expect(feed.title).toBe('信息发布');
    expect(feed.link).toBe('https://yjj.example.gov.cn/public/releases');
    expect(feed.items.map((i) => i.title)).toEqual(['【已撤回】撤回的通报', HOSTILE.replace('\u0001', ''), '较早发布的通报']);
    expect(feed.items.map((i) => i.link)).toEqual([5, 2, 1].map((id) => `https://yjj.example.gov.cn/public/releases/${id}`));
    expect(feed.items.map((i) => i.guid)).toEqual(feed.items.map((i) => i.link));
    expect(feed.items[1]?.content).toBe('<img src=x onerror=alert(1)>正文&amp;');
    expect(feed.items[0]?.content).toContain('撤回原因：数字有误 <b>更正</b>');
    expect(new Date(feed.items[2]?.pubDate ?? '').toISOString()).toBe('2026-11-21T02:00:00.000Z');
  });

  test('an empty feed is still valid', async () => {
    const feed = await new Parser().parseString(renderReleasesRss([], 'http://localhost:3000', new Date('2026-11-25T00:00:00Z')));
    expect(feed.items).toEqual([]);
    expect(feed.link).toBe('http://localhost:3000/public/releases');
  });

  test('xmlEscape', () => {
    expect(xmlEscape(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});
