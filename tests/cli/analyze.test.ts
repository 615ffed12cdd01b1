/** `npm run analyze`: JSON lines in, one JSON line out per input; bad lines give error lines. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'som-analyze-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function analyze(input: string, args: string[] = []): { code: number | null; lines: Record<string, unknown>[]; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/analyze.ts', ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: `file:${path.join(dir, 'app.db')}`, LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });
  const lines = r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code: r.status, lines, stderr: r.stderr };
}

describe('npm run analyze', () => {
  const good = [
    { id: 'a1', title: '山西临汾一煤矿发生透水事故 3人死亡', text: '11月23日14时许，山西省临汾市乡宁县某煤矿发生透水事故，造成3人死亡、2人受伤，另有1人失联。' },
    { id: 2, title: '家属质疑瞒报', text: '家属在矿门口等了一夜，质疑矿方瞒报遇难人数，帖子很快被删帖。' },
    { id: 'a3', title: '', text: '今天天气不错，心情很好。' },
  ];
  const input = [
    JSON.stringify(good[0]),
    '{not json',
    JSON.stringify({ id: 'bad-type', title: 42 }),
    JSON.stringify(good[1]),
    '',
    JSON.stringify({ title: 'no id' }),
    JSON.stringify(good[2]),
  ].join('\n');
  const r = analyze(input);

  test('exits 0 and writes one line per non-empty input line, in order', () => {
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.id)).toEqual(['a1', null, 'bad-type', 2, null, 'a3']);
  });

  test('results carry the documented fields', () => {
    const [first] = r.lines;
    expect(first).toMatchObject({
      id: 'a1',
      sentiment: { label: 'negative' },
      accident: { type: '透水', province: '山西省', city: '临汾市', deaths: 3, injuries: 2, missing: 1, grade: '较大' },
    });
    expect(typeof first?.risk).toBe('number');
    const cues = first?.cues as { term: string; category: string; weight: number; start: number; end: number; field: string }[];
    expect(cues.length).toBeGreaterThan(0);
    for (const c of cues) {
      const field = c.field === 'title' ? good[0]?.title : good[0]?.text;
      expect(field?.slice(c.start, c.end)).toBe(c.term);
    }
  });

  test('sensitive cues raise risk and are listed', () => {
    const second = r.lines[3] as { risk: number; sensitivity: string; cues: { term: string }[] };
    expect(second.sensitivity).toBe('high');
    expect(second.cues.map((c) => c.term)).toEqual(expect.arrayContaining(['质疑', '瞒报', '删帖']));
    const neutral = r.lines[5] as { risk: number; sentiment: { label: string } };
    expect(second.risk).toBeGreaterThan(neutral.risk);
    expect(neutral.sentiment.label).toBe('positive');
  });

  test('bad lines give a Chinese error for that line, not a crash', () => {
    expect(r.lines[1]).toMatchObject({ id: null, line: 2 });
    expect(String(r.lines[1]?.error)).toContain('不是有效的 JSON');
    expect(r.lines[2]).toMatchObject({ id: 'bad-type', line: 3 });
    expect(String(r.lines[2]?.error)).toContain('title');
    expect(String(r.lines[4]?.error)).toContain('id');
  });

  test('--full adds explanations; --db uses the database lexicon', () => {
    const full = analyze(JSON.stringify(good[0]), ['--full', '--db']);
    expect(full.code).toBe(0);
    expect(full.lines[0]).toHaveProperty('riskFactors');
    expect(full.lines[0]).toHaveProperty('evidence');
    expect(fs.existsSync(path.join(dir, 'app.db'))).toBe(true);
  });

  test('unknown options are refused with exit code 2', () => {
    const bad = analyze('', ['--nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('未知参数');
  });
});
