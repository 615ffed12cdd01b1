/**
 * The facts comparison: official figures against media, posts and rumours, differences in words.
 */
import { describe, expect, test } from 'vitest';
import { compareFacts, formatFigure, formatRange, voiceOf } from '@/lib/events-view/facts';
import type { FactReport } from '@/lib/events-view/facts';

let nextId = 1;
function report(over: Omit<Partial<FactReport>, 'at'> & { at: string }): FactReport {
  const id = nextId++;
  return {
    itemId: id,
    title: `标题 ${id}`,
    sourceName: `信源 ${id}`,
    category: 'local_media',
    officialVoice: false,
    rumour: false,
    aggregate: false,
    figures: {},
    ...over,
    at: new Date(over.at),
  };
}

const official = (at: string, figures: FactReport['figures'], sourceName = '某市应急管理局') =>
  report({ at, figures, category: 'official', officialVoice: true, sourceName });
const media = (at: string, figures: FactReport['figures'], category = 'central_media') => report({ at, figures, category });
const post = (at: string, figures: FactReport['figures']) => report({ at, figures, category: 'forum_social' });
const rumour = (at: string, figures: FactReport['figures'], category = 'forum_social') => report({ at, figures, category, rumour: true });

describe('who says a figure', () => {
  test('statistics are nobody, rumour clauses are rumours whatever the source, relays of bulletins are official', () => {
    expect(voiceOf({ aggregate: true, rumour: false, officialVoice: true, category: 'official' })).toBeNull();
    expect(voiceOf({ aggregate: false, rumour: true, officialVoice: true, category: 'official' })).toBe('rumour');
    expect(voiceOf({ aggregate: false, rumour: false, officialVoice: true, category: 'local_media' })).toBe('official');
    expect(voiceOf({ aggregate: false, rumour: false, officialVoice: false, category: 'forum_social' })).toBe('posts');
    expect(voiceOf({ aggregate: false, rumour: false, officialVoice: false, category: 'local_media' })).toBe('media');
  });
});

describe('compareFacts', () => {
  test('the latest official figure wins, with its history; media agreeing raises nothing', () => {
    const rows = compareFacts([
      official('2026-05-28T02:40:00Z', { deaths: 1, injuries: 6 }),
      media('2026-05-28T03:20:00Z', { deaths: 1 }),
      official('2026-05-28T12:40:00Z', { deaths: 3 }),
      media('2026-05-28T13:30:00Z', { deaths: 3 }),
      official('2026-05-29T22:00:00Z', { deaths: 4 }, '江澜市人民政府'),
      media('2026-05-29T23:40:00Z', { deaths: 4 }, 'local_media'),
    ]);
    const deaths = rows.find((r) => r.field === 'deaths');
    expect(deaths?.official?.latest).toMatchObject({ value: 4, sourceName: '江澜市人民政府' });
    expect(deaths?.official?.latest.at.toISOString()).toBe('2026-05-29T22:00:00.000Z');
    expect(deaths?.official?.changes.map((c) => c.value)).toEqual([1, 3, 4]);
    expect(deaths?.media).toMatchObject({ min: 1, max: 4, reports: 3 });
    expect(deaths?.media?.latest.value).toBe(4);
    expect(deaths?.flags).toEqual([]);
    // Fields nobody reported are left out; injuries only officially.
    expect(rows.map((r) => r.field)).toEqual(['deaths', 'injuries']);
    expect(rows.find((r) => r.field === 'injuries')?.media).toBeNull();
  });

  test('media reporting more deaths than the official bulletin is flagged in words', () => {
    const [deaths] = compareFacts([official('2026-05-28T02:00:00Z', { deaths: 3 }), media('2026-05-28T04:00:00Z', { deaths: 5 })]);
    expect(deaths?.flags).toEqual([{ severity: 'warning', text: '媒体报道死亡人数高于官方通报（媒体最多 5 人，官方 3 人）' }]);
  });

  test('posts claiming more than the official figure are flagged separately from media', () => {
    const [missing] = compareFacts([
      official('2026-05-28T02:00:00Z', { missing: 2 }),
      media('2026-05-28T03:00:00Z', { missing: 2 }),
      post('2026-05-28T05:00:00Z', { missing: 6 }),
    ]);
    expect(missing?.posts).toMatchObject({ min: 6, max: 6 });
    expect(missing?.flags.map((f) => f.text)).toEqual(['网帖所称失踪（失联）人数高于官方通报（网帖最多 6 人，官方 2 人）']);
  });

  test('a rumour figure is kept apart, marked unconfirmed, and compared with the official one', () => {
    const [trapped] = compareFacts([
      official('2026-05-26T05:30:00Z', { trapped: 12 }),
      rumour('2026-05-26T20:40:00Z', { trapped: 20 }),
      // An official refutation quoting the rumour: still a rumour figure, never the official one.
      report({ at: '2026-05-27T03:20:00Z', figures: { trapped: 20 }, category: 'official', officialVoice: true, rumour: true }),
    ]);
    expect(trapped?.official?.latest.value).toBe(12);
    expect(trapped?.rumour).toMatchObject({ min: 20, max: 20, reports: 2 });
    expect(trapped?.rumourOnly).toBe(false);
    expect(trapped?.flags).toEqual([{ severity: 'warning', text: '传言所称被困人数高于官方通报（传言 20 人，官方 12 人），未经证实' }]);
  });

  test('a figure found only in rumours is marked as such', () => {
    const [deaths] = compareFacts([rumour('2026-05-26T20:40:00Z', { deaths: 10 }), rumour('2026-05-26T21:40:00Z', { deaths: 8 })]);
    expect(deaths?.rumourOnly).toBe(true);
    expect(deaths?.official).toBeNull();
    expect(deaths?.flags).toEqual([{ severity: 'warning', text: '死亡人数仅见于传言（8–10 人），未经官方或媒体证实' }]);
  });

  test('without an official figure, what media and posts say is flagged as not yet official', () => {
    const rows = compareFacts([media('2026-05-28T02:00:00Z', { deaths: 1 }), media('2026-05-28T06:00:00Z', { deaths: 2 }), post('2026-05-28T07:00:00Z', { deaths: 4 })]);
    expect(rows[0]?.flags.map((f) => f.text)).toEqual([
      '官方尚未通报死亡人数，媒体报道 1–2 人，网帖称 4 人',
      '网帖所称死亡人数高于媒体报道（网帖最多 4 人，媒体最多 2 人）',
    ]);
  });

  test('media still repeating a lower, older figure after the official update is noted', () => {
    const [deaths] = compareFacts([
      official('2026-05-28T12:00:00Z', { deaths: 3 }),
      media('2026-05-28T10:00:00Z', { deaths: 1 }),
      media('2026-05-28T14:00:00Z', { deaths: 1 }),
    ]);
    expect(deaths?.flags).toEqual([
      { severity: 'info', text: '官方通报后仍有媒体报道较低的死亡人数（媒体最新 1 人，官方 3 人），可能引用了旧数据' },
    ]);
    // An older lower figure before the bulletin is normal and not flagged.
    const [before] = compareFacts([official('2026-05-28T12:00:00Z', { deaths: 3 }), media('2026-05-28T10:00:00Z', { deaths: 1 })]);
    expect(before?.flags).toEqual([]);
  });

  test('statistics and impossible numbers are ignored; two official figures at one time take the larger', () => {
    const rows = compareFacts([
      report({ at: '2026-05-28T02:00:00Z', figures: { deaths: 15 }, aggregate: true }),
      official('2026-05-28T03:00:00Z', { deaths: 2 }),
      official('2026-05-28T03:00:00Z', { deaths: 3 }),
      media('2026-05-28T04:00:00Z', { deaths: -1, injuries: Number.NaN }),
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.official?.latest.value).toBe(3);
    expect(rows[0]?.media).toBeNull();
    expect(rows[0]?.flags).toEqual([]);
  });

  test('loss is shown in 万元 and compared like the counts', () => {
    expect(formatFigure('lossYuan', 12_000_000)).toBe('1200 万元');
    expect(formatFigure('lossYuan', 850)).toBe('850 元');
    expect(formatRange('lossYuan', { min: 10_000_000, max: 15_000_000 })).toBe('1000–1500 万元');
    expect(formatRange('deaths', { min: 3, max: 3 })).toBe('3 人');
    const [loss] = compareFacts([official('2026-05-28T03:00:00Z', { lossYuan: 10_000_000 }), media('2026-05-28T04:00:00Z', { lossYuan: 30_000_000 })]);
    expect(loss?.label).toBe('直接经济损失');
    expect(loss?.flags[0]?.text).toBe('媒体报道直接经济损失高于官方通报（媒体最多 3000 万元，官方 1000 万元）');
  });

  test('nothing reported: no rows', () => {
    expect(compareFacts([])).toEqual([]);
    expect(compareFacts([media('2026-05-28T04:00:00Z', {})])).toEqual([]);
  });
});
