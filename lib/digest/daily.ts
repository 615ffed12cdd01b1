/**
 * DailyDigestFacts → the 舆情日报 content (DOMAIN §4.3): 概况, 重点舆情, 预警, 待回应与超时,
 * 发布与反响, 灾害预警, 明日关注. Pure: every number comes from the facts, every statement names the
 * rows behind it, and a part with no data says so.
 */
import type { DailyDigestFacts, DigestHazardFact } from '@/lib/db/digest';
import { categoryLabel } from '@/lib/format/zh';
import { ALERT_KIND_LABELS, ALERT_STATE_LABELS } from '@/lib/warning/labels';
import { WARNING_LEVELS } from '@/lib/warning/levels';
import type { WarningLevel } from '@/lib/warning/levels';
import {
  alertRef,
  clockRef,
  eventRef,
  hazardRef,
  itemRef,
  releaseRef,
  replyRef,
  stated,
} from './model';
import type { DigestContent, DigestSection, Statement } from './model';
import { shortWallText, wallText } from './period';
import { seasonalWatchesFor } from './seasonal';

export interface DigestHeader {
  issuer: string;
  timezone: string;
  generatedAt: Date;
}

const levelText = (l: string): string => WARNING_LEVELS[l as WarningLevel]?.colour ?? l;
const pct = (n: number, total: number): string => (total > 0 ? `${((n / total) * 100).toFixed(1)}%` : '—');

/** "较前一时段（123 条）增加 12 条（+10.8%）" or the reason there is no comparison. */
export function changeText(now: number, before: number): string {
  if (before === 0 && now === 0) return '与前一时段相同（均无信息）';
  if (before === 0) return '前一时段无信息，无法计算变化率';
  const d = now - before;
  if (d === 0) return `与前一时段（${before} 条）持平`;
  return `较前一时段（${before} 条）${d > 0 ? '增加' : '减少'} ${Math.abs(d)} 条（${d > 0 ? '+' : '−'}${((Math.abs(d) / before) * 100).toFixed(1)}%）`;
}

function hazardLine(h: DigestHazardFact, tz: string): string {
  const where = h.region ? `${h.region}` : '';
  const until = h.validUntil ? `，有效至 ${shortWallText(h.validUntil, tz)}` : '';
  return `${where}${h.hazard}${levelText(h.level)}预警（${h.publisher ?? '发布单位不详'}，${shortWallText(h.issuedAt, tz)} 发布${until}）`;
}

const STATE_OF_CLOCK: Readonly<Record<string, string>> = { running: '计时中', overdue: '已超时', met: '已按时回应', met_late: '超时后回应' };
const REPLY_STATES: Readonly<Record<string, string>> = { open: '待分派', assigned: '已分派', answered: '已回应', closed: '已关闭' };

export function composeDailyDigest(f: DailyDigestFacts, h: DigestHeader, title: string): DigestContent {
  const tz = h.timezone;
  const sections: DigestSection[] = [];
  const analysed = f.sentiment.negative + f.sentiment.neutral + f.sentiment.positive;
  const unanalysed = Math.max(0, f.items - analysed);
  const sample = f.sampleItemIds.map(itemRef);

  // 一、概况
  const overview: Statement[] = [];
  if (f.items === 0) {
    overview.push(stated(`本时段未采集到信息（${changeText(0, f.previousItems)}）。`, []));
  } else {
    overview.push(stated(`本时段共监测到信息 ${f.items} 条，${changeText(f.items, f.previousItems)}。`, sample, f.items));
    const cats = f.byCategory.map((c) => `${categoryLabel(c.category)} ${c.count} 条`).join('，');
    overview.push(stated(`按信源类别：${cats}。`, sample, f.items));
    const top = f.bySource.slice(0, 5).map((s) => `${s.name} ${s.count} 条`).join('，');
    overview.push(stated(`信息量居前的信源：${top}${f.bySource.length > 5 ? `等 ${f.bySource.length} 个信源` : ''}。`, sample, f.items));
    const neg = f.negativeSample.map((n) => itemRef(n.id));
    overview.push(
      stated(
        analysed === 0
          ? '本时段信息尚未完成情感分析，暂无倾向统计。'
          : `情感倾向：负面 ${f.sentiment.negative} 条（${pct(f.sentiment.negative, analysed)}），中性 ${f.sentiment.neutral} 条，正面 ${f.sentiment.positive} 条${unanalysed ? `，另有 ${unanalysed} 条尚未分析` : ''}；负面信息${changeText(f.sentiment.negative, f.previousNegative)}。`,
        neg,
        f.sentiment.negative,
      ),
    );
  }
  sections.push({ key: 'overview', heading: '舆情概况', statements: overview });

  // 二、重点舆情
  const keyStatements: Statement[] = [];
  const keyRows = f.events.map((e) => {
    const place = [e.province, e.city].filter(Boolean).join('');
    const clock = e.clocks.find((c) => c.state === 'overdue') ?? e.clocks.find((c) => c.state === 'running');
    const status = [
      e.openAlerts.length ? `${e.openAlerts.length} 条预警未办结` : '无未办结预警',
      clock ? `${clock.label}${STATE_OF_CLOCK[clock.state] ?? clock.state}` : null,
      e.replyState ? `回应任务${REPLY_STATES[e.replyState] ?? e.replyState}` : null,
    ]
      .filter(Boolean)
      .join('；');
    const evidence = [eventRef(e.id), ...e.sampleItemIds.map(itemRef), ...e.openAlerts.map((a) => alertRef(a.id, e.id)), ...(clock ? [clockRef(clock.id, e.id)] : [])];
    return {
      cells: [
        e.title,
        e.grade ?? '未定级',
        e.heat.toFixed(1),
        `负面 ${e.negativeInPeriod}/${e.itemsInPeriod}`,
        String(e.sourceCount),
        status,
      ],
      evidence,
      text: `${place ? `【${place}】` : ''}${e.title}：事故等级${e.grade ?? '未定'}${e.deaths !== null ? `，报道死亡 ${e.deaths} 人` : ''}${e.missing ? `、失联 ${e.missing} 人` : ''}；本时段新增报道 ${e.itemsInPeriod} 条（其中负面 ${e.negativeInPeriod} 条），累计 ${e.itemCount} 条、来自 ${e.sourceCount} 个信源，热度 ${e.heat.toFixed(1)}；${status}。`,
    };
  });
  if (keyRows.length === 0) keyStatements.push(stated('本时段无活跃事件。', []));
  else for (const r of keyRows) keyStatements.push(stated(r.text, r.evidence));
  sections.push({
    key: 'key-events',
    heading: '重点舆情',
    statements: keyStatements,
    ...(keyRows.length ? { table: { header: ['事件', '等级', '热度', '倾向（本时段）', '信源数', '处置状态'], rows: keyRows.map(({ cells, evidence }) => ({ cells, evidence })) } } : {}),
  });

  // 三、预警
  const alertStatements: Statement[] = [];
  if (f.alertsRaisedTotal === 0) alertStatements.push(stated('本时段未触发新的预警。', []));
  else {
    const byLevel = new Map<string, number>();
    for (const a of f.alertsRaised) byLevel.set(a.level, (byLevel.get(a.level) ?? 0) + 1);
    const levels = ['red', 'orange', 'yellow', 'blue'].filter((l) => byLevel.has(l)).map((l) => `${levelText(l)} ${byLevel.get(l)} 条`).join('，');
    alertStatements.push(stated(`本时段新触发预警 ${f.alertsRaisedTotal} 条（${levels}${f.alertsRaisedTotal > f.alertsRaised.length ? '，按列出部分统计' : ''}）。`, f.alertsRaised.map((a) => alertRef(a.id, a.eventId)), f.alertsRaisedTotal));
    for (const a of f.alertsRaised.filter((x) => x.level === 'red' || x.level === 'orange').slice(0, 5)) {
      alertStatements.push(stated(`${levelText(a.level)}预警：${a.subjectLabel}（${ALERT_KIND_LABELS[a.kind] ?? a.kind}，当前${ALERT_STATE_LABELS[a.state] ?? a.state}）。${a.why}`, [alertRef(a.id, a.eventId)]));
    }
  }
  alertStatements.push(
    f.alertsHandledTotal === 0
      ? stated('本时段无预警被确认或办结。', [])
      : stated(
          `本时段确认或办结预警 ${f.alertsHandledTotal} 条（其中办结 ${f.alertsHandled.filter((a) => a.resolvedAt && a.resolvedAt >= f.period.start && a.resolvedAt < f.period.end).length} 条${f.alertsHandledTotal > f.alertsHandled.length ? '，按列出部分统计' : ''}）。`,
          f.alertsHandled.map((a) => alertRef(a.id, a.eventId)),
          f.alertsHandledTotal,
        ),
  );
  sections.push({ key: 'alerts', heading: '预警与处置', statements: alertStatements });

  // 四、待回应与超时
  const replyStatements: Statement[] = [];
  const overdueReplies = f.repliesOpen.filter((r) => r.dueAt < f.period.end);
  replyStatements.push(
    f.repliesOpen.length === 0
      ? stated('截至本时段末，无待回应事项。', [])
      : stated(`截至本时段末，待回应事项 ${f.repliesOpen.length} 件，其中已超过回应时限 ${overdueReplies.length} 件。`, f.repliesOpen.map((r) => replyRef(r.id))),
  );
  for (const r of overdueReplies.slice(0, 8)) {
    replyStatements.push(stated(`超时未回应：${r.subjectTitle}（应于 ${shortWallText(r.dueAt, tz)} 前回应，${r.assigneeName ? `承办人 ${r.assigneeName}` : '尚未分派'}）。`, [replyRef(r.id)]));
  }
  replyStatements.push(
    f.clocksOverdue.length === 0
      ? stated('无超时未满足的事件回应时限。', [])
      : stated(
          `事件回应时限已超时 ${f.clocksOverdue.length} 项：${f.clocksOverdue.map((c) => `${c.eventTitle}（${c.label}，应于 ${shortWallText(c.dueAt, tz)} 前）`).join('；')}。`,
          f.clocksOverdue.flatMap((c) => [clockRef(c.id, c.eventId), eventRef(c.eventId)]),
        ),
  );
  sections.push({ key: 'replies', heading: '待回应事项与超时时限', statements: replyStatements });

  // 五、发布与反响
  const releaseStatements: Statement[] =
    f.releases.length === 0
      ? [stated('本时段无已发布的信息。', [])]
      : f.releases.map((r) => {
          const reaction = r.reaction
            ? r.reaction.items === 0
              ? '发布后本时段内未见相关报道'
              : `发布后本时段内相关报道 ${r.reaction.items} 条，其中负面 ${r.reaction.negative} 条（${pct(r.reaction.negative, r.reaction.items)}）`
            : '未关联事件，无法计算反响';
          return stated(`${shortWallText(r.publishedAt, tz)} 发布《${r.title}》，${reaction}。`, [
            releaseRef(r.id, r.eventId),
            ...(r.eventId ? [eventRef(r.eventId)] : []),
            ...(r.reaction?.sampleItemIds ?? []).map(itemRef),
          ]);
        });
  sections.push({ key: 'releases', heading: '信息发布与反响', statements: releaseStatements });

  // 六、灾害预警
  const hazardStatements: Statement[] =
    f.hazards.length === 0 ? [stated('截至本时段末，无生效中的灾害预警。', [])] : f.hazards.map((w) => stated(`${hazardLine(w, tz)}。`, [hazardRef(w.id)]));
  sections.push({ key: 'hazards', heading: '生效中的灾害预警', statements: hazardStatements });

  // 七、明日关注
  const watch: Statement[] = [];
  for (const c of f.tomorrowClocks) watch.push(stated(`${c.eventTitle}：${c.label}将于 ${shortWallText(c.dueAt, tz)} 到期。`, [clockRef(c.id, c.eventId), eventRef(c.eventId)]));
  for (const r of f.tomorrowReplies) watch.push(stated(`待回应事项“${r.subjectTitle}”应于 ${shortWallText(r.dueAt, tz)} 前回应。`, [replyRef(r.id)]));
  for (const w of f.hazardsContinuing) watch.push(stated(`${hazardLine(w, tz)}明日仍在有效期内，关注次生事故与相关舆情。`, [hazardRef(w.id)]));
  const continuing = new Set(f.hazardsContinuing.map((w) => w.hazard));
  for (const k of f.recentHazardKinds.filter((x) => x.count >= 2 && !continuing.has(x.hazard)).slice(0, 3)) {
    watch.push(stated(`近 30 天共发布${k.hazard}预警 ${k.count} 次，属当前多发灾种，注意相关安全生产风险。`, k.ids.map(hazardRef), k.count));
  }
  if (watch.length === 0) watch.push(stated('明日无到期的回应时限或待回应事项，亦无持续生效的灾害预警。', []));
  // Seasonal reminders carry no evidence: they say so, and name their basis (lib/digest/seasonal).
  for (const w of seasonalWatchesFor(f.period.end, tz)) watch.push(stated(`时令提示（${w.label}，按常见季节性风险整理）：关注${w.watch}。`, []));
  sections.push({ key: 'watch', heading: '明日关注', statements: watch });

  return {
    version: 1,
    kind: 'daily',
    title,
    issuer: h.issuer,
    timezone: tz,
    periodStart: f.period.start.toISOString(),
    periodEnd: f.period.end.toISOString(),
    generatedAt: h.generatedAt.toISOString(),
    eventId: null,
    abstract: null,
    figures: {
      items: f.items,
      previousItems: f.previousItems,
      byCategory: f.byCategory.map((c) => ({ key: c.category, label: categoryLabel(c.category), count: c.count })),
      bySource: f.bySource.map((s) => ({ key: s.sourceId, label: s.name, count: s.count })),
      sentiment: { ...f.sentiment, unanalysed },
      alertsRaised: f.alertsRaisedTotal,
      alertsHandled: f.alertsHandledTotal,
    },
    volume: null,
    sections,
    attachments: [],
  };
}

/** "监测时段：2026年3月4日 08:00 至 2026年3月5日 08:00". */
export function periodText(c: Pick<DigestContent, 'periodStart' | 'periodEnd' | 'timezone'>): string {
  return `${wallText(new Date(c.periodStart), c.timezone)} 至 ${wallText(new Date(c.periodEnd), c.timezone)}`;
}
