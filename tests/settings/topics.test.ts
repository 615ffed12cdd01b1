/**
 * Monitoring topics edited from the settings page (and `npm run lexicon -- topic`), on a real SQLite
 * file holding the analysed demo week: validation with the rule's error position, create / edit /
 * disable / delete, the re-tagging job each change queues, and 试运行 counts checked against a direct
 * count in the database.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  deleteTopicAndRetag,
  getAnalysisStatus,
  getTopicPreviewItems,
  getTopicSettingsRows,
  lexiconVersion,
  saveTopicAndRetag,
  setTopicEnabledAndRetag,
} from '@/lib/db';
import type { Db } from '@/lib/db';
import type { AnalysisRunner } from '@/lib/pipeline/analyse';
import { TopicInputSchema, checkTopicRule, ruleErrorPosition } from '@/lib/settings/topic-form';
import { TOPIC_PREVIEW_LIMIT, previewSince, previewTopic } from '@/lib/settings/topic-preview';
import type { TestDb } from '../helpers/test-db';
import { START, demoWeekDb } from './helpers';

let t: TestDb;
let runner: AnalysisRunner;
/** "Now" a day after the demo week's newest items: the 7-day window leaves its first day out. */
const NOW = new Date(START.getTime() + 24 * 3_600_000);

beforeAll(async () => {
  ({ t, runner } = await demoWeekDb());
}, 180_000);
afterAll(async () => t?.cleanup());

/** Items since `since` whose title or text contains every `all` term and no `none` term: SQL, not the matcher. */
async function directCount(client: Db, since: Date, q: { all: string[]; none?: string[]; titleOnly?: boolean }): Promise<number> {
  const has = (term: string) => (q.titleOnly ? { title: { contains: term } } : { OR: [{ title: { contains: term } }, { summaryText: { contains: term } }] });
  return client.item.count({
    where: { sortAt: { gte: since }, AND: q.all.map(has), NOT: (q.none ?? []).map(has) },
  });
}

async function preview(rule: string, since = previewSince(NOW)) {
  const check = checkTopicRule(rule);
  if (!check.ok) throw new Error(check.error.message);
  const { items, truncated } = await getTopicPreviewItems(t.client, { since, limit: TOPIC_PREVIEW_LIMIT });
  return previewTopic(check.rule, items, { truncated });
}

async function taggedSince(topicId: number, since: Date): Promise<number> {
  return t.client.itemTopic.count({ where: { topicId, item: { sortAt: { gte: since } } } });
}

describe('试运行 (preview)', () => {
  test('counts what a direct count in the database finds, over the last 7 days only', async () => {
    const since = previewSince(NOW);
    const all = await t.client.item.count();
    const inWindow = await t.client.item.count({ where: { sortAt: { gte: since } } });
    expect(inWindow).toBeGreaterThan(20);
    expect(inWindow).toBeLessThan(all); // the window really cuts

    const p = await preview('透水 NOT 演练');
    const direct = await directCount(t.client, since, { all: ['透水'], none: ['演练'] });
    expect(direct).toBeGreaterThan(0);
    expect(p).toMatchObject({ matched: direct, scanned: inWindow, truncated: false, days: 7 });
    expect(p.samples.length).toBe(Math.min(direct, 20));
    for (const s of p.samples) expect(s.terms).toContain('透水');

    const titles = await preview('title:爆炸');
    expect(titles.matched).toBe(await directCount(t.client, since, { all: ['爆炸'], titleOnly: true }));
    expect(titles.samples[0]?.titleHits.length).toBeGreaterThan(0);

    const both = await preview('煤矿 救援');
    expect(both.matched).toBe(await directCount(t.client, since, { all: ['煤矿', '救援'] }));
  });

  test('is bounded: only the newest items are read and the result says so', async () => {
    const { items, truncated } = await getTopicPreviewItems(t.client, { since: previewSince(NOW), limit: 10 });
    expect(truncated).toBe(true);
    expect(items).toHaveLength(10);
    const times = items.map((i) => i.sortAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const newest = await t.client.item.findFirst({ orderBy: { sortAt: 'desc' }, select: { sortAt: true } });
    expect(items[0]?.sortAt.getTime()).toBe(newest?.sortAt.getTime());
  });
});

describe('topic changes', () => {
  let topicId = 0;

  test('a rule that does not parse is refused with its position; nothing is written', async () => {
    const before = { version: await lexiconVersion(t.client), topics: await t.client.topic.count() };
    const r = TopicInputSchema.safeParse({ name: '煤矿透水', rule: '煤矿 AND (透水 OR 突水', description: '', enabled: true });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(ruleErrorPosition(r.error)).toBe(7);
    expect(r.error.issues[0]?.message).toBe('规则有误：第 8 个字符处的左括号“(”没有对应的右括号');
    expect({ version: await lexiconVersion(t.client), topics: await t.client.topic.count() }).toEqual(before);
  });

  test('creating a topic bumps the version, queues a job, and the job tags what the preview counted', async () => {
    const version = await lexiconVersion(t.client);
    const input = TopicInputSchema.parse({ name: '煤矿透水', rule: '煤矿 AND (透水 OR 突水) NOT 演练', description: '演示', enabled: true });
    const r = await saveTopicAndRetag(t.client, { id: null, ...input }, 'web:测试');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    topicId = r.topic.id;
    expect(r.reanalysis?.version).toBe(version + 1);
    const status = await getAnalysisStatus(t.client);
    expect(status.version).toBe(version + 1);
    expect(status.jobs[0]).toMatchObject({ id: r.reanalysis?.jobId, state: 'queued', lexiconVersion: version + 1, requestedBy: 'web:测试' });
    expect(await taggedSince(topicId, new Date(0))).toBe(0); // not yet re-tagged

    await runner.catchUp();
    const done = (await getAnalysisStatus(t.client)).jobs[0];
    expect(done).toMatchObject({ state: 'done', failed: 0 });
    expect(done?.done).toBe(done?.total);
    expect(done?.total).toBe(await t.client.item.count());

    const since = previewSince(NOW);
    const p = await preview(input.rule);
    expect(p.matched).toBeGreaterThan(0);
    expect(await taggedSince(topicId, since)).toBe(p.matched);
    expect(await taggedSince(topicId, new Date(0))).toBe((await preview(input.rule, new Date(0))).matched);
    const row = (await getTopicSettingsRows(t.client, since)).find((x) => x.id === topicId);
    expect(row).toMatchObject({ name: '煤矿透水', enabled: true, taggedRecent: p.matched, description: '演示' });
    // Its hourly rollups exist for the volume detector.
    expect(await t.client.hourlyRollup.count({ where: { dimension: 'topic', key: String(topicId) } })).toBeGreaterThan(0);
  });

  test('a second topic with the same name is refused; nothing changes', async () => {
    const version = await lexiconVersion(t.client);
    const r = await saveTopicAndRetag(t.client, { id: null, name: '煤矿透水', rule: '透水', description: null, enabled: true }, 'web');
    expect(r).toEqual({ ok: false, field: 'name', message: '已有名为「煤矿透水」的专题' });
    expect(await lexiconVersion(t.client)).toBe(version);
    expect(await t.client.topic.count()).toBe(1);
  });

  test('renaming re-tags nothing; a new rule re-tags', async () => {
    const version = await lexiconVersion(t.client);
    const renamed = await saveTopicAndRetag(t.client, { id: topicId, name: '矿井透水', rule: '煤矿 AND (透水 OR 突水) NOT 演练', description: null, enabled: true }, 'web');
    expect(renamed).toMatchObject({ ok: true, reanalysis: null, topic: { name: '矿井透水', description: null } });
    expect(await lexiconVersion(t.client)).toBe(version);

    const edited = await saveTopicAndRetag(t.client, { id: topicId, name: '矿井透水', rule: 'title:透水', description: null, enabled: true }, 'web');
    expect(edited).toMatchObject({ ok: true, reanalysis: { version: version + 1 } });
    await runner.catchUp();
    const since = previewSince(NOW);
    expect(await taggedSince(topicId, since)).toBe(await directCount(t.client, since, { all: ['透水'], titleOnly: true }));
  });

  test('disabling clears its tags after re-analysis; enabling brings them back', async () => {
    const off = await setTopicEnabledAndRetag(t.client, topicId, false, 'web');
    expect(off).toMatchObject({ ok: true, topic: { enabled: false } });
    await runner.catchUp();
    expect(await taggedSince(topicId, new Date(0))).toBe(0);
    const on = await setTopicEnabledAndRetag(t.client, topicId, true, 'web');
    expect(on.ok && on.reanalysis).toBeTruthy();
    await runner.catchUp();
    expect(await taggedSince(topicId, new Date(0))).toBeGreaterThan(0);
    // Setting the state it already has changes nothing.
    const same = await setTopicEnabledAndRetag(t.client, topicId, true, 'web');
    expect(same).toMatchObject({ ok: true, reanalysis: null });
  });

  test('deleting removes the topic, its tags and, after re-analysis, its rollups', async () => {
    const version = await lexiconVersion(t.client);
    const r = await deleteTopicAndRetag(t.client, topicId, 'web:测试');
    expect(r).toMatchObject({ ok: true, name: '矿井透水', reanalysis: { version: version + 1 } });
    expect(await t.client.topic.count()).toBe(0);
    expect(await t.client.itemTopic.count({ where: { topicId } })).toBe(0);
    await runner.catchUp();
    expect(await t.client.hourlyRollup.count({ where: { dimension: 'topic', key: String(topicId) } })).toBe(0);
    expect(await deleteTopicAndRetag(t.client, topicId, 'web')).toEqual({ ok: false, message: '该专题已不存在（可能已被删除）' });
    expect(await setTopicEnabledAndRetag(t.client, topicId, true, 'web')).toMatchObject({ ok: false, field: 'id' });
  });
});
