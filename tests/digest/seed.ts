/** A fixed database for the digest tests: two sources, items in and around one period, an event with figures, alerts, clocks, a reply task, a release, hazard warnings. */
import type { Db } from '@/lib/db';

export const PERIOD = { start: new Date('2026-03-04T00:00:00Z'), end: new Date('2026-03-05T00:00:00Z') }; // 08:00–08:00 Shanghai
export const NOW = new Date('2026-03-05T00:00:00Z');

const H = 3_600_000;
const at = (hoursFromStart: number) => new Date(PERIOD.start.getTime() + hoursFromStart * H);

export async function seedDigestDb(client: Db): Promise<{ eventId: number; itemIds: number[] }> {
  await client.source.create({ data: { id: 'gov', name: '某省应急管理厅', url: 'https://yjt.example.gov.cn/rss', kind: 'rss', category: 'official' } });
  await client.source.create({ data: { id: 'forum', name: '某论坛', url: 'https://bbs.example.com/rss', kind: 'rss', category: 'forum_social' } });
  await client.source.create({ data: { id: 'news', name: '某日报', url: 'https://news.example.com/rss', kind: 'rss', category: 'local_media' } });
  const event = await client.event.create({
    data: {
      title: '某化工厂爆炸事故',
      firstSeenAt: at(2),
      lastSeenAt: at(20),
      itemCount: 6,
      sourceCount: 3,
      officialSourceCount: 1,
      negativeCount: 3,
      heat: 42.5,
      grade: '较大',
      accidentTypeCode: '18',
      accidentType: '其他爆炸',
      province: '演示省',
      deaths: 3,
      fingerprintsJson: '[]',
    },
  });
  const rows: { source: string; h: number; label: string | null; risk: number; official?: boolean; deaths?: number; rumour?: boolean; event?: boolean; title: string }[] = [
    { source: 'gov', h: 3, label: 'neutral', risk: 30, official: true, deaths: 3, event: true, title: '关于某化工厂爆炸事故的情况通报' },
    { source: 'forum', h: 2, label: 'negative', risk: 80, deaths: 5, rumour: true, event: true, title: '网传某化工厂爆炸死了5个人' },
    { source: 'forum', h: 6, label: 'negative', risk: 75, event: true, title: '爆炸现场附近居民质疑隐瞒' },
    { source: 'news', h: 8, label: 'negative', risk: 60, deaths: 3, event: true, title: '某化工厂爆炸致3人死亡' },
    { source: 'news', h: 12, label: 'positive', risk: 10, event: true, title: '救援工作有序开展' },
    { source: 'news', h: 20, label: 'neutral', risk: 20, event: true, title: '事故调查组成立' },
    { source: 'forum', h: 22, label: null, risk: 0, title: '一条尚未分析的帖子' },
    { source: 'gov', h: -5, label: 'neutral', risk: 10, title: '前一时段的通知' },
    { source: 'forum', h: -10, label: 'negative', risk: 50, title: '前一时段的负面帖子' },
    { source: 'news', h: 25, label: 'neutral', risk: 10, title: '时段之后的报道' },
  ];
  const itemIds: number[] = [];
  for (const [i, r] of rows.entries()) {
    const item = await client.item.create({
      data: { sourceId: r.source, itemHash: `h${i}`, contentHash: `c${i}`, title: r.title, url: `https://example.com/${i}`, fetchedAt: at(r.h), sortAt: at(r.h), publishedAt: at(r.h) },
    });
    itemIds.push(item.id);
    if (r.label) {
        await client.itemAnalysis.create({
        data: {
          itemId: item.id, lexiconVersion: 1, analysedAt: at(r.h), sentiment: 0, label: r.label, risk: r.risk, sensitivity: 'low', officialVoice: r.official ?? false,
          cuesJson: '[]', riskJson: '{}', factsJson: '{}', simhash: '0', minhash: '[]', deaths: r.deaths ?? null, rumour: r.rumour ?? false,
          eventId: r.event ? event.id : null, sortAt: at(r.h),
        },
      });
    }
  }
  const base = { dedupeKey: 'k', subjectType: 'event', subjectKey: String(event.id), subjectLabel: event.title, why: '较大事故', cooldownUntil: at(30) };
  await client.alert.create({ data: { ...base, kind: 'accident_grade', level: 'orange', state: 'open', eventId: event.id, firstRaisedAt: at(4), lastRaisedAt: at(4) } });
  await client.alert.create({ data: { ...base, dedupeKey: 'k2', kind: 'volume_spike', level: 'yellow', state: 'resolved', eventId: event.id, firstRaisedAt: at(5), lastRaisedAt: at(5), resolvedAt: at(9), resolvedBy: 'x' } });
  await client.alert.create({ data: { ...base, dedupeKey: 'k3', kind: 'volume_spike', level: 'blue', state: 'open', eventId: null, firstRaisedAt: at(-20), lastRaisedAt: at(-20) } });
  await client.responseClock.create({ data: { eventId: event.id, kind: 'reply', label: '48小时回应', startedAt: at(2), dueAt: at(26), state: 'running' } });
  await client.responseClock.create({ data: { eventId: event.id, kind: 'authoritative_info', label: '5小时权威发布', startedAt: at(2), dueAt: at(7), state: 'overdue' } });
  await client.replyTask.create({
    data: { subjectType: 'item', subjectId: itemIds[2]!, subjectTitle: rows[2]!.title, origin: 'manual', state: 'open', startedAt: at(6), dueAt: at(10), clockLabel: '48小时', createdAt: at(6), createdBy: 'po', updatedAt: at(6) },
  });
  await client.release.create({
    data: { kind: 'follow_up', eventId: event.id, title: '救援进展通报', body: '…', state: 'published', publishedAt: at(11), createdAt: at(10), createdBy: 'po', createdByName: '值班员', updatedAt: at(11) },
  });
  await client.hazardWarning.create({ data: { itemId: itemIds[7]!, hazard: '暴雨', level: 'yellow', action: 'issue', publisher: '某省气象台', region: '演示省', issuedAt: at(-2), validUntil: at(60), title: '暴雨黄色预警' } });
  return { eventId: event.id, itemIds };
}
