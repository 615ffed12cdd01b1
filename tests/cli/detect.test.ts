/** `npm run detect -- --replay FILE.jsonl`: alerts as JSON lines; bad lines reported, not fatal. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'som-detect-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function detect(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/detect.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent' },
    timeout: 120_000,
  });
}

test('replays items in time order and prints each alert with its level and why', () => {
  const file = path.join(dir, 'items.jsonl');
  const lines = [
    // Out of order on purpose: the replay sorts by publishedAt.
    { id: 'b', publishedAt: '2026-07-03T11:00:00+08:00', title: '江澜市气象台将暴雨橙色预警信号升级为红色', text: '江澜市气象台2026年7月3日11时将暴雨橙色预警信号升级为红色预警信号。', source: 'official' },
    { id: 'a', publishedAt: '2026-07-03T09:30:00+08:00', title: '江澜市气象台发布暴雨橙色预警信号', text: '江澜市气象台2026年7月3日9时30分发布暴雨橙色预警信号，请注意防范。', source: 'official' },
  ].map((l) => JSON.stringify(l));
  fs.writeFileSync(file, [...lines, '{broken', JSON.stringify({ id: 'x', title: 'no date' }), ''].join('\n'));
  const r = detect(['--replay', file]);
  expect(r.status).toBe(0);
  const alerts = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { at: string; level: string; kind: string; subject: string; why: string });
  expect(alerts.map((a) => [a.kind, a.level])).toEqual([
    ['hazard_warning', 'orange'],
    ['hazard_warning', 'red'],
  ]);
  for (const a of alerts) {
    expect(Object.keys(a)).toEqual(expect.arrayContaining(['at', 'level', 'kind', 'subject', 'why']));
    expect(a.why).toContain('暴雨');
  }
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { line: number; error: string });
  expect(errors.map((e) => e.line)).toEqual([3, 4]);
  expect(errors[1]?.error).toContain('publishedAt');
  expect(r.stderr).toContain('回放完成：2 条信息');
});

test('a missing file or option is a usage error (exit 2) with a Chinese message', () => {
  expect(detect([]).status).toBe(2);
  const r = detect(['--replay', path.join(dir, 'nope.jsonl')]);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('无法读取回放文件');
});
