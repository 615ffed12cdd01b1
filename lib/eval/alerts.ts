/**
 * Alert precision on replays, because false alarms are what monitoring users complain about most.
 * Two labelled scenarios go through the real storage → analysis → detection path (lib/pipeline/replay):
 *  - the bundled demo week: an alert is right when it is about one of its four accidents (the corpus
 *    marks each entry's story) or is an official hazard warning; anything else is a false alarm;
 *  - the real 2020 Weibo surge (posts of 19–20 January, the real count of the 21st): only a volume
 *    alert on 20 or 21 January is right.
 * Reminders of an unresolved alert are not new alerts and are not counted.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { DEMO_FEEDS, corpus, expandText, publishedAt } from '@/demo/corpus';
import { replay } from '@/lib/pipeline/replay';
import type { ReplayAlert, ReplayItem } from '@/lib/pipeline/replay';
import { parseCsv } from './datasets';

export interface ScenarioReport {
  id: string;
  description: string;
  items: number;
  alerts: number;
  truePositives: number;
  precision: number;
  /** Situations the scenario must raise, and whether it did. */
  expected: { description: string; found: boolean }[];
  falseAlarms: { at: string; kind: string; level: string; subject: string }[];
  seconds: number;
}

const DAY = 86_400_000;

export function demoReplayItems(start: Date): ReplayItem[] {
  const category = new Map(DEMO_FEEDS.map((f) => [f.id, f.category]));
  return corpus.map((e) => ({
    id: e.id,
    publishedAt: publishedAt(e, start).toISOString(),
    title: e.title,
    text: expandText(e.body, start),
    source: e.feed,
    category: category.get(e.feed),
  }));
}

function score(
  id: string,
  description: string,
  items: number,
  alerts: readonly ReplayAlert[],
  isTrue: (a: ReplayAlert) => boolean,
  expected: { description: string; test: (a: ReplayAlert) => boolean }[],
  seconds: number,
): ScenarioReport {
  const raised = alerts.filter((a) => a.action !== 'remind');
  const right = raised.filter(isTrue);
  return {
    id,
    description,
    items,
    alerts: raised.length,
    truePositives: right.length,
    precision: raised.length ? right.length / raised.length : 1,
    expected: expected.map((e) => ({ description: e.description, found: raised.some(e.test) })),
    falseAlarms: raised.filter((a) => !isTrue(a)).map((a) => ({ at: a.at, kind: a.kind, level: a.level, subject: a.subject })),
    seconds,
  };
}

export async function demoScenario(): Promise<ScenarioReport> {
  const t0 = Date.now();
  const items = demoReplayItems(new Date('2026-06-01T00:00:00Z'));
  const { alerts } = await replay(items);
  const storyTitles = corpus.filter((e) => e.story).map((e) => e.title);
  const aboutStory = (a: ReplayAlert): boolean => storyTitles.some((t) => a.subject.startsWith(t));
  return score(
    'demo-week',
    'bundled demo week (186 items, 4 accidents, official weather and safety warnings)',
    items.length,
    alerts,
    (a) => a.kind === 'hazard_warning' || aboutStory(a),
    [
      { description: '化工企业爆炸 graded 较大 (yellow)', test: (a) => a.kind === 'accident_grade' && a.subject.includes('江澜') && a.level === 'yellow' },
      { description: '煤矿透水: rumour / cover-up cues', test: (a) => a.kind === 'sensitive_cues' && a.subject.includes('煤矿') },
      { description: '暴雨预警 escalated to red', test: (a) => a.kind === 'hazard_warning' && a.subject.includes('暴雨') && a.level === 'red' },
    ],
    (Date.now() - t0) / 1000,
  );
}

function gbkPosts(file: string): string[] {
  return parseCsv(iconv.decode(fs.readFileSync(file), 'gbk'))
    .slice(1)
    .map((r) => r[1] ?? '')
    .filter((t) => t.trim() !== '');
}

/** Items of 19–21 January 2020 spread evenly over each day (the 21st reuses the 20th's texts). */
export function weiboSurgeItems(sentimentDir: string): ReplayItem[] {
  const counts = new Map<string, number>();
  for (const r of parseCsv(fs.readFileSync(path.join(sentimentDir, 'covid-weibo-daily-post-counts-2020.csv'), 'utf8')).slice(1)) {
    if (r[1]) counts.set(r[0] ?? '', Number(r[1]));
  }
  const day19 = gbkPosts(path.join(sentimentDir, 'covid-weibo-unlabeled-2020-01-19.gbk.csv'));
  const day20 = gbkPosts(path.join(sentimentDir, 'covid-weibo-unlabeled-2020-01-20.gbk.csv'));
  const items: ReplayItem[] = [];
  const spread = (date: string, texts: readonly string[]): void => {
    const n = counts.get(date) ?? 0;
    const start = Date.parse(`${date}T00:00:00+08:00`);
    for (let i = 0; i < n; i++) {
      items.push({
        id: `${date}-${i}`,
        publishedAt: new Date(start + Math.floor((i * DAY) / n)).toISOString(),
        title: '',
        text: texts[i % texts.length] ?? '',
        source: 'forum_social',
      });
    }
  };
  spread('2020-01-19', day19);
  spread('2020-01-20', day20);
  spread('2020-01-21', day20);
  return items;
}

export async function weiboScenario(sentimentDir: string): Promise<ScenarioReport> {
  const t0 = Date.now();
  const items = weiboSurgeItems(sentimentDir);
  const { alerts } = await replay(items);
  const surgeFrom = Date.parse('2020-01-20T00:00:00+08:00');
  const surgeTo = Date.parse('2020-01-22T00:00:00+08:00');
  const inSurge = (a: ReplayAlert): boolean => Date.parse(a.at) > surgeFrom && Date.parse(a.at) <= surgeTo;
  return score(
    'weibo-2020-surge',
    'real Weibo posts 2020-01-19/20 and the real count of 01-21 (133 → 581 → 10,492 a day)',
    items.length,
    alerts,
    (a) => a.kind === 'volume_spike' && inSurge(a),
    [{ description: 'volume surge raised on 20 or 21 January', test: (a) => a.kind === 'volume_spike' && inSurge(a) }],
    (Date.now() - t0) / 1000,
  );
}
