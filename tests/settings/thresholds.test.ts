/**
 * 预警阈值 and 响应时限 stored through the settings page's path (lib/settings → Setting rows) on a real
 * SQLite file: what is saved is exactly what the detectors load, inconsistent values are refused and
 * nothing is stored, 恢复默认 works per group and for all, and the CLI goes through the same checks.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findLexiconEntry, getAnalysisStatus, getSettingRecord, listTopics, putSetting } from '@/lib/db';
import { SETTING_CLOCKS, SETTING_THRESHOLDS, loadDetectionSettings } from '@/lib/pipeline/detect';
import { applyClockForm, effectiveClocks, resetClocks } from '@/lib/settings/clocks';
import { applyThresholdForm, effectiveThresholds, resetThresholds } from '@/lib/settings/thresholds';
import { DEFAULT_CLOCK_CONFIG } from '@/lib/warning/clocks';
import { DEFAULT_THRESHOLDS } from '@/lib/warning/levels';
import { createTestDb } from '../helpers/test-db';
import type { TestDb } from '../helpers/test-db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.cleanup());

function form(fields: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  return fd;
}

const cooldown = (c: Partial<Record<'blue' | 'yellow' | 'orange' | 'red', string>>) => {
  const minutes = { blue: '1440', yellow: '720', orange: '360', red: '120', ...c };
  return form(Object.fromEntries(Object.entries(minutes).map(([level, v]) => [`cooldownMinutes/${level}`, v])));
};

function heatScoreLevels(red: string): FormData {
  const fields: Record<string, string> = {};
  for (const [factor, cuts] of Object.entries(DEFAULT_THRESHOLDS.levels)) {
    for (const [level, v] of Object.entries(cuts)) fields[`levels/${factor}/${level}`] = v === null ? '' : String(v);
  }
  return form({ ...fields, 'levels/heat_score/red': red });
}

/** What a settings action does: load what is in force, apply, store only when valid. */
async function saveThresholds(update: ReturnType<typeof applyThresholdForm>, by: string): Promise<boolean> {
  if (!update.ok) return false;
  await putSetting(t.client, SETTING_THRESHOLDS, update.stored, by);
  return true;
}
async function inForce() {
  return effectiveThresholds((await getSettingRecord(t.client, SETTING_THRESHOLDS))?.value).value;
}

describe('thresholds in the database', () => {
  test('a saved change is what the detectors load, with who and when', async () => {
    const before = Date.now();
    expect(await saveThresholds(applyThresholdForm(await inForce(), 'cooldownMinutes', cooldown({ red: '60' })), 'web:王五')).toBe(true);
    const record = await getSettingRecord(t.client, SETTING_THRESHOLDS);
    expect(record?.value).toEqual({ cooldownMinutes: { red: 60 } });
    expect(record?.updatedBy).toBe('web:王五');
    expect(record?.updatedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const loaded = await loadDetectionSettings(t.client);
    expect(loaded.thresholds).toEqual({ ...DEFAULT_THRESHOLDS, cooldownMinutes: { ...DEFAULT_THRESHOLDS.cooldownMinutes, red: 60 } });

    expect(await saveThresholds(applyThresholdForm(await inForce(), 'levels', heatScoreLevels('90')), 'web:王五')).toBe(true);
    const both = await loadDetectionSettings(t.client);
    expect(both.thresholds.levels.heat_score.red).toBe(90);
    expect(both.thresholds.cooldownMinutes.red).toBe(60); // the other group kept
  });

  test('an inconsistent value is refused and nothing is stored', async () => {
    const stored = await getSettingRecord(t.client, SETTING_THRESHOLDS);
    const bad = applyThresholdForm(await inForce(), 'levels', heatScoreLevels('65'));
    expect(bad.ok ? {} : bad.errors).toEqual({ 'levels/heat_score/red': '红色阈值须高于橙色阈值（70），否则橙色预警永远不会出现' });
    expect(await saveThresholds(bad, 'web')).toBe(false);
    const negative = applyThresholdForm(await inForce(), 'cooldownMinutes', cooldown({ blue: '-5' }));
    expect(negative.ok ? {} : negative.errors).toEqual({ 'cooldownMinutes/blue': '须大于 0' });
    expect(await saveThresholds(negative, 'web')).toBe(false);
    expect(await getSettingRecord(t.client, SETTING_THRESHOLDS)).toEqual(stored);
  });

  test('恢复默认: one group, then everything', async () => {
    expect(await saveThresholds(resetThresholds(await inForce(), 'cooldownMinutes'), 'web')).toBe(true);
    expect((await getSettingRecord(t.client, SETTING_THRESHOLDS))?.value).toEqual({ levels: { heat_score: { red: 90 } } });
    expect(await saveThresholds(resetThresholds(await inForce(), 'all'), 'web')).toBe(true);
    expect((await getSettingRecord(t.client, SETTING_THRESHOLDS))?.value).toEqual({});
    expect((await loadDetectionSettings(t.client)).thresholds).toEqual(DEFAULT_THRESHOLDS);
  });
});

describe('response clocks in the database', () => {
  const deadlines = (change: Record<string, string | string[]>) =>
    form({ authoritativeInfoHours: '5', pressConferenceHours: '24', replyHours: '48', warningMarginMinutes: '60', majorGrades: ['特别重大', '重大'], ...change });

  test('round trip, refusal, reset', async () => {
    const current = effectiveClocks((await getSettingRecord(t.client, SETTING_CLOCKS))?.value).value;
    const ok = applyClockForm(current, 'deadlines', deadlines({ replyHours: '24', majorGrades: ['特别重大', '重大', '较大'] }));
    expect(ok.ok).toBe(true);
    if (!ok.ok) return;
    await putSetting(t.client, SETTING_CLOCKS, ok.stored, 'web:赵六');
    expect((await loadDetectionSettings(t.client)).clocks).toEqual({ ...DEFAULT_CLOCK_CONFIG, replyHours: 24, majorGrades: ['特别重大', '重大', '较大'] });
    const bad = applyClockForm(ok.value, 'deadlines', deadlines({ pressConferenceHours: '3' }));
    expect(bad.ok ? {} : bad.errors).toEqual({ authoritativeInfoHours: '发布权威信息时限不能晚于新闻发布会时限（3 小时）' });
    const reset = resetClocks(ok.value, 'deadlines');
    expect(reset).toMatchObject({ ok: true, stored: {} });
  });
});

describe('the CLIs take the same path', () => {
  const env = () => ({ ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent', DEMO_MODE: '0', CATALOGUE_ENABLED: '0' });
  const run = (script: string, args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', env: env(), timeout: 120_000 });

  test('alerts thresholds set: merged into what is in force; refused in Chinese with nothing stored', async () => {
    await putSetting(t.client, SETTING_THRESHOLDS, { cooldownMinutes: { red: 60 } }, 'web');
    const file = path.join(t.dir, 'thresholds.json');
    fs.writeFileSync(file, JSON.stringify({ volume: { minRatio: 4 } }));
    const ok = run('scripts/alerts.ts', ['thresholds', 'set', file]);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const record = await getSettingRecord(t.client, SETTING_THRESHOLDS);
    expect(record?.value).toEqual({ cooldownMinutes: { red: 60 }, volume: { minRatio: 4 } });
    expect(record?.updatedBy).toMatch(/^cli:/);

    fs.writeFileSync(file, JSON.stringify({ levels: { heat: { red: 1 } } }));
    const bad = run('scripts/alerts.ts', ['thresholds', 'set', file]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('热度指数 · 红色（levels.heat.red）：红色阈值须高于橙色阈值（4.5）');
    fs.writeFileSync(file, JSON.stringify({ volume: { alpah: 0.01 } }));
    const typo = run('scripts/alerts.ts', ['thresholds', 'set', file]);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('volume/alpah（volume.alpah）：未知的设置项');
    expect((await getSettingRecord(t.client, SETTING_THRESHOLDS))?.value).toEqual(record?.value);

    const reset = run('scripts/alerts.ts', ['thresholds', 'reset', 'volume']);
    expect(reset.status).toBe(0);
    expect((await getSettingRecord(t.client, SETTING_THRESHOLDS))?.value).toEqual({ cooldownMinutes: { red: 60 } });
  });

  test('lexicon set and topic: the same schema, the same version bump and job', async () => {
    const ok = run('scripts/lexicon.ts', ['set', 'sentiment', '封口协议', '--category', 'sensitive.family', '--weight', '-3']);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/已保存。词库版本 \d+；重新分析任务 #\d+ 已排队/);
    expect(await findLexiconEntry(t.client, 'sentiment', '封口协议')).toMatchObject({ origin: 'user', userEdited: true });
    expect((await getAnalysisStatus(t.client)).jobs[0]?.requestedBy).toMatch(/^cli:/);

    const weight = run('scripts/lexicon.ts', ['set', 'sentiment', '新词', '--category', 'general', '--weight', '9']);
    expect(weight.status).toBe(2);
    expect(weight.stderr).toContain('情感词权重须在 -3 到 3 之间');
    expect(await findLexiconEntry(t.client, 'sentiment', '新词')).toBeNull();

    const rule = run('scripts/lexicon.ts', ['topic', '煤矿透水', '煤矿 AND (透水 OR']);
    expect(rule.status).toBe(2);
    expect(rule.stderr).toContain('规则有误：第 12 个字符处的“OR”后面缺少关键词');
    expect(rule.stderr).toContain(`  ${' '.repeat(11)}^`);
    expect(await listTopics(t.client)).toEqual([]);

    const topic = run('scripts/lexicon.ts', ['topic', '煤矿透水', '煤矿 (透水 OR 突水)']);
    expect(topic.status).toBe(0);
    expect(topic.stdout).toContain('已保存专题「煤矿透水」：煤矿 AND (透水 OR 突水)');
    expect(topic.stdout).toMatch(/重新分析任务 #\d+ 已排队/);
    const disabled = run('scripts/lexicon.ts', ['topic-disable', '煤矿透水']);
    expect(disabled.status).toBe(0);
    expect((await listTopics(t.client))[0]?.enabled).toBe(false);
  });
});
