/**
 * The digest built from a fixed SQLite database: its figures equal direct queries, every evidence id
 * exists, the 专报 has its abstract (≤200 chars, ending in the risk conclusion), official vs reported
 * figures and critical voices; storing gives 期号 per kind and year; the .docx unzips with the
 * sections; the PDF is well formed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existingEvidence, listDigests, recordDigestInstruction, recordDigestSignoff, searchAuditLog } from '@/lib/db';
import { writeDocx } from '@/lib/docx/writer';
import { digestDocument } from '@/lib/digest/document';
import { buildDailyDigest, buildSpecialReport, generateDailyDigest, generateSpecialReport } from '@/lib/digest/generate';
import { allEvidence, ABSTRACT_MAX_CHARS, parseDigestContent } from '@/lib/digest/model';
import { digestPdf } from '@/lib/digest/pdf';
import { dailyPeriod } from '@/lib/digest/period';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';
import { unzip } from '../helpers/unzip';
import { NOW, PERIOD, seedDigestDb } from './seed';

const S = { issuer: '演示省应急管理厅新闻宣传处', timezone: 'Asia/Shanghai' };
let t: TestDb;
let eventId = 0;

beforeAll(async () => {
  t = await createTestDb();
  ({ eventId } = await seedDigestDb(t.client));
});
afterAll(async () => {
  await t?.cleanup();
});

const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('the daily digest', () => {
  test('the default period is 前日 08:00 to 当日 08:00 Asia/Shanghai', () => {
    const p = dailyPeriod(new Date('2026-03-05T01:00:00Z'), 'Asia/Shanghai');
    expect(p.start.toISOString()).toBe('2026-03-04T00:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-03-05T00:00:00.000Z');
  });

  test('its figures equal direct queries; a period without data says so', async () => {
    const c = await buildDailyDigest(t.client, PERIOD, S, NOW);
    const range = { gte: PERIOD.start, lt: PERIOD.end };
    const prevRange = { gte: new Date(PERIOD.start.getTime() - 86_400_000), lt: PERIOD.start };
    const f = c.figures!;
    expect(f.items).toBe(await t.client.item.count({ where: { sortAt: range } }));
    expect(f.items).toBe(7);
    expect(f.previousItems).toBe(await t.client.item.count({ where: { sortAt: prevRange } }));
    for (const cat of f.byCategory) {
      expect(cat.count).toBe(await t.client.item.count({ where: { sortAt: range, source: { category: cat.key } } }));
    }
    expect(f.byCategory.reduce((a, b) => a + b.count, 0)).toBe(f.items);
    for (const label of ['negative', 'neutral', 'positive'] as const) {
      expect(f.sentiment[label]).toBe(await t.client.itemAnalysis.count({ where: { label, item: { sortAt: range } } }));
    }
    expect(f.sentiment.unanalysed).toBe(1);
    expect(f.alertsRaised).toBe(await t.client.alert.count({ where: { firstRaisedAt: range } }));
    expect(f.alertsHandled).toBe(1);
    const overview = c.sections.find((s) => s.key === 'overview')!;
    expect(overview.statements[0]!.text).toContain('共监测到信息 7 条，较前一时段（2 条）增加 5 条（+250.0%）');
    const key = c.sections.find((s) => s.key === 'key-events')!;
    expect(key.table!.rows[0]!.cells[0]).toBe('某化工厂爆炸事故');
    expect(key.statements[0]!.text).toContain('本时段新增报道 6 条（其中负面 3 条）');
    const replies = c.sections.find((s) => s.key === 'replies')!;
    expect(replies.statements.map((s) => s.text).join('')).toContain('5小时权威发布');
    expect(c.sections.find((s) => s.key === 'releases')!.statements[0]!.text).toContain('《救援进展通报》，发布后本时段内相关报道 2 条，其中负面 0 条');
    expect(c.sections.find((s) => s.key === 'hazards')!.statements[0]!.text).toContain('暴雨黄色预警');
    const watch = c.sections.find((s) => s.key === 'watch')!.statements.map((s) => s.text).join('\n');
    expect(watch).toContain('48小时回应将于');
    expect(watch).toContain('明日仍在有效期内');

    const empty = await buildDailyDigest(t.client, { start: new Date('2025-01-01T00:00:00Z'), end: new Date('2025-01-02T00:00:00Z') }, S, NOW);
    expect(empty.figures!.items).toBe(0);
    expect(empty.sections[0]!.statements[0]!.text).toContain('本时段未采集到信息');
    expect(empty.sections.find((s) => s.key === 'releases')!.statements[0]!.text).toBe('本时段无已发布的信息。');
  });

  test('every statement of the daily digest and the 专报 carries evidence that exists', async () => {
    const daily = await buildDailyDigest(t.client, PERIOD, S, NOW);
    const special = (await buildSpecialReport(t.client, eventId, S, NOW))!;
    for (const c of [daily, special]) {
      const refs = allEvidence(c);
      expect(refs.length).toBeGreaterThan(5);
      const found = await existingEvidence(t.client, refs);
      for (const r of refs) expect(found.has(`${r.kind}:${r.id}`), `${r.kind} #${r.id}`).toBe(true);
    }
    // 明日关注 ends with the month's seasonal reminders (every month has one).
    const watch = daily.sections.find((x) => x.key === 'watch')!;
    expect(watch.statements.at(-1)?.text).toMatch(/^时令提示/);
    // Statements without evidence only say that there is nothing, or are seasonal reminders that say what they are.
    for (const s of daily.sections.flatMap((x) => x.statements)) {
      if (s.evidence.length === 0) expect(s.text).toMatch(/无|未|^时令提示（[^）]*按常见季节性风险整理）/);
    }
  });

  test('the 专报: abstract ≤200 chars ending in the risk conclusion, official vs reported deaths, critical voices, the plan', async () => {
    const c = (await buildSpecialReport(t.client, eventId, S, NOW))!;
    expect([...c.abstract!.text].length).toBeLessThanOrEqual(ABSTRACT_MAX_CHARS);
    expect(c.abstract!.text).toMatch(/舆情风险(高|较高|中等|较低).*。$/);
    const facts = c.sections.find((s) => s.key === 'facts')!;
    const deaths = facts.table!.rows.find((r) => r.cells[0] === '死亡')!;
    expect(deaths.cells[1]).toBe('3 人');
    expect(deaths.cells[4]).toContain('5');
    const views = c.sections.find((s) => s.key === 'views')!.statements.map((s) => s.text).join('\n');
    expect(views).toContain('批评/质疑声音');
    expect(views).toContain('网传某化工厂爆炸死了5个人');
    expect(c.sections.find((s) => s.key === 'spread')!.table!.rows.length).toBeGreaterThan(2);
    expect(c.volume!.reduce((a, b) => a + b.count, 0)).toBe(6);
    expect(await buildSpecialReport(t.client, 999_999, S, NOW)).toBeNull();
  });
});

describe('stored digests and their exports', () => {
  test('期号 count per kind and year; 审核/签发 and 批示 are recorded and audited', async () => {
    const audit = { actor: 'user:po' };
    const a = await generateDailyDigest(t.client, S, { generatedBy: 'user:po', audit, now: NOW, period: PERIOD });
    const b = await generateDailyDigest(t.client, S, { generatedBy: 'user:po', audit, now: NOW, period: PERIOD });
    const s = await generateSpecialReport(t.client, eventId, S, { generatedBy: 'user:po', audit, now: NOW });
    expect(a.created && b.created && s?.created).toBe(true);
    if (!a.created || !b.created || !s?.created) return;
    expect([a.seq, b.seq, s.seq]).toEqual([1, 2, 1]);
    expect((await recordDigestSignoff(t.client, { digestId: a.id, step: 'sign', name: '王处长' }, audit, NOW)).ok).toBe(false);
    expect((await recordDigestSignoff(t.client, { digestId: a.id, step: 'review', name: '李科长' }, audit, NOW)).ok).toBe(true);
    expect((await recordDigestSignoff(t.client, { digestId: a.id, step: 'sign', name: '王处长' }, audit, NOW)).ok).toBe(true);
    expect((await recordDigestInstruction(t.client, { digestId: s.id, text: '请宣传处密切关注，及时回应。', by: '张厅长' }, { actor: 'user:leader' }, NOW)).ok).toBe(true);
    const list = await listDigests(t.client);
    expect(list.find((d) => d.id === a.id)).toMatchObject({ reviewedBy: '李科长', signedBy: '王处长' });
    const actions = (await searchAuditLog(t.client, {}, { limit: 50 })).rows.map((r) => r.action);
    expect(actions.filter((x) => x === 'digest.generate')).toHaveLength(3);
    expect(actions).toContain('digest.sign');
    expect(actions).toContain('digest.instruct');
  });

  test('the .docx unzips and contains the masthead and the sections; the PDF is well formed', async () => {
    const content = await buildDailyDigest(t.client, PERIOD, S, NOW);
    const rec = { id: 1, year: 2026, seq: 7, generatedAt: NOW, reviewedBy: '李科长', signedBy: '王处长', instruction: null, instructedBy: null };
    const entries = unzip(writeDocx(digestDocument(content, rec)));
    const xml = entries.find((e) => e.name === 'word/document.xml')!.data.toString('utf8');
    const text = xml.replace(/<[^>]+>/g, '');
    for (const s of ['安全生产舆情日报', '第7期', '演示省应急管理厅新闻宣传处', '舆情概况', '重点舆情', '预警与处置', '待回应事项与超时时限', '信息发布与反响', '生效中的灾害预警', '明日关注', '某化工厂爆炸事故', '李科长', '王处长']) {
      expect(text, s).toContain(s);
    }

    const pdf = digestPdf(content, rec);
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-1.4\n')).toBe(true);
    expect(raw.trimEnd().endsWith('%%EOF')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\s*$/.exec(raw)![1]);
    expect(raw.slice(startxref, startxref + 4)).toBe('xref');
    const xref = /xref\n0 (\d+)\n([\s\S]*?)trailer/.exec(raw.slice(startxref))!;
    const count = Number(xref[1]);
    const entriesX = xref[2]!.trim().split('\n');
    expect(entriesX).toHaveLength(count);
    for (let n = 1; n < count; n += 1) {
      const off = Number(entriesX[n]!.slice(0, 10));
      expect(raw.slice(off, off + `${n} 0 obj`.length)).toBe(`${n} 0 obj`);
    }
    for (const m of raw.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
      const start = m.index + m[0].length;
      expect(raw.slice(start + Number(m[1]), start + Number(m[1]) + 10)).toBe('\nendstream');
    }
    expect(raw).toContain('/BaseFont /STSong-Light /Encoding /UniGB-UCS2-H');
    expect(raw.match(/\/Type \/Page /g)!.length).toBeGreaterThanOrEqual(1);
    if (hasPdftotext) {
      const file = path.join(t.dir, 'digest.pdf');
      fs.writeFileSync(file, pdf);
      const out = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      for (const s of ['安全生产舆情日报', '舆情概况', '某化工厂爆炸事故', '明日关注']) expect(out).toContain(s);
    }
  });

  test('stored content parses back', async () => {
    const row = await t.client.digest.findFirst({ where: { kind: 'special' } });
    expect(parseDigestContent(row!.contentJson)?.eventId).toBe(eventId);
    expect(parseDigestContent('{"nope":1}')).toBeNull();
  });
});

describe('the PDF writer on hostile and long text', () => {
  test('controls, bidi overrides and astral characters are dropped or replaced; long tables break pages; offsets stay exact', async () => {
    const { writePdf, wrapText } = await import('@/lib/pdf/writer');
    const rows = Array.from({ length: 120 }, (_, i) => [`第${i + 1}行`, '‮危险\u0007文本😀'.repeat(3)]);
    const pdf = writePdf([{ kind: 'title', text: '测试(括号) \\ 反斜杠' }, { kind: 'table', header: ['序号', '内容'], rows }], { title: '测试', createdAt: NOW });
    const raw = pdf.toString('latin1');
    expect(raw.match(/\/Type \/Page /g)!.length).toBeGreaterThan(1);
    expect(raw).not.toMatch(/202E|0007|D83D/);
    const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(raw)![1]);
    expect(raw.slice(startxref, startxref + 4)).toBe('xref');
    expect(wrapText('一二三四五六七八九十', 10, 45)).toEqual(['一二三四', '五六七八', '九十']);
  });
});
