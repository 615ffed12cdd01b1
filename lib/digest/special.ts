/**
 * SpecialReportFacts → the 舆情专报 of one event (DOMAIN §4.4): 核心摘要 (≤200 characters, ending in
 * the risk conclusion), 事件概述与传播态势 (key nodes, volume curve, carriers), 事实核对 (official vs
 * reported figures from the analyses), 各方观点 (critical voices included), 研判, 应对建议 with the
 * matching 应对预案, and the 附件 list. Pure.
 */
import type { SpecialReportFacts } from '@/lib/db/digest';
import { compareFacts, formatFigure, formatRange } from '@/lib/events-view/facts';
import { bucketStart, chooseBucket } from '@/lib/events-view/timeline';
import { categoryLabel } from '@/lib/format/zh';
import { ALERT_KIND_LABELS } from '@/lib/warning/labels';
import { WARNING_LEVELS } from '@/lib/warning/levels';
import type { WarningLevel } from '@/lib/warning/levels';
import { ABSTRACT_MAX_CHARS, alertRef, clockRef, eventRef, itemRef, planRef, releaseRef, stated } from './model';
import type { DigestContent, DigestSection, Evidence, Statement } from './model';
import type { DigestHeader } from './daily';
import { shortWallText } from './period';

const levelRank = (l: string): number => WARNING_LEVELS[l as WarningLevel]?.rank ?? 0;

/** The risk conclusion: from the open alerts' highest level, overdue clocks and the negative share. */
export function riskConclusion(f: SpecialReportFacts): { text: string; evidence: Evidence[] } {
  const open = f.alerts.filter((a) => a.state !== 'resolved');
  const top = open.reduce<(typeof open)[number] | null>((m, a) => (!m || levelRank(a.level) > levelRank(m.level) ? a : m), null);
  const overdue = f.clocks.filter((c) => c.state === 'overdue');
  const negShare = f.event.itemCount > 0 ? f.event.negativeCount / f.event.itemCount : 0;
  const rank = Math.max(top ? levelRank(top.level) : 0, overdue.length ? 3 : 0, negShare >= 0.5 ? 2 : 0);
  const word = rank >= 4 ? '高' : rank >= 3 ? '较高' : rank >= 2 ? '中等' : '较低';
  const reasons = [
    top ? `${WARNING_LEVELS[top.level as WarningLevel]?.colour ?? top.level}预警未办结` : null,
    overdue.length ? `${overdue.length} 项回应时限已超时` : null,
    f.event.itemCount ? `负面占比 ${(negShare * 100).toFixed(0)}%` : null,
  ].filter(Boolean);
  return {
    text: `综合研判，舆情风险${word}${reasons.length ? `（${reasons.join('，')}）` : ''}。`,
    evidence: [...(top ? [alertRef(top.id, f.event.id)] : []), ...overdue.map((c) => clockRef(c.id, f.event.id))],
  };
}

function clip(s: string, max: number): string {
  return [...s].length <= max ? s : `${[...s].slice(0, max - 1).join('')}…`;
}

export function composeSpecialReport(f: SpecialReportFacts, h: DigestHeader, title: string, now: Date): DigestContent {
  const tz = h.timezone;
  const e = f.event;
  const ev = eventRef(e.id);
  const place = [e.province, e.city].filter(Boolean).join('');
  const risk = riskConclusion(f);
  const facts = compareFacts(f.facts);
  const deaths = facts.find((r) => r.field === 'deaths');
  const officialDeaths = deaths?.official ? `官方通报死亡 ${formatFigure('deaths', deaths.official.latest.value)}` : null;
  const lead = `${shortWallText(e.firstSeenAt, tz)}起，${place ? `${place}` : ''}${e.title}引发关注，累计报道 ${e.itemCount} 条、${e.sourceCount} 个信源，其中负面 ${e.negativeCount} 条，事故等级${e.grade ?? '未定'}${officialDeaths ? `，${officialDeaths}` : ''}。`;
  const abstractText = clip(lead, ABSTRACT_MAX_CHARS - [...risk.text].length) + risk.text;
  const abstract: Statement = stated(abstractText, [ev, ...(deaths?.official ? [itemRef(deaths.official.latest.itemId)] : []), ...risk.evidence]);

  const sections: DigestSection[] = [];

  // 一、事件概述与传播态势
  const nodes: { at: Date; text: string; evidence: Evidence[] }[] = [];
  if (f.firstItem) nodes.push({ at: f.firstItem.sortAt, text: `首发：${f.firstItem.sourceName}《${f.firstItem.title}》`, evidence: [itemRef(f.firstItem.id)] });
  if (f.firstOfficial) nodes.push({ at: f.firstOfficial.sortAt, text: `首条官方信息：${f.firstOfficial.sourceName}《${f.firstOfficial.title}》`, evidence: [itemRef(f.firstOfficial.id)] });
  for (const r of facts) for (const c of r.official?.changes.slice(1) ?? []) nodes.push({ at: c.at, text: `官方${r.label}数字更新为 ${formatFigure(r.field, c.value)}（${c.sourceName}）`, evidence: [itemRef(c.itemId)] });
  for (const a of f.alerts) nodes.push({ at: a.firstRaisedAt, text: `触发${WARNING_LEVELS[a.level as WarningLevel]?.colour ?? a.level}预警：${ALERT_KIND_LABELS[a.kind] ?? a.kind}`, evidence: [alertRef(a.id, e.id)] });
  for (const c of f.clocks) if (c.metAt) nodes.push({ at: c.metAt, text: `${c.label}${c.state === 'met_late' ? '超时后' : '按时'}满足`, evidence: [clockRef(c.id, e.id)] });
  for (const r of f.releases) if (r.publishedAt) nodes.push({ at: r.publishedAt, text: `发布《${r.title}》`, evidence: [releaseRef(r.id, e.id)] });
  nodes.sort((a, b) => a.at.getTime() - b.at.getTime());
  const spread: Statement[] = [stated(lead, [ev])];
  const byCat = new Map<string, number>();
  for (const m of f.members) byCat.set(m.category, (byCat.get(m.category) ?? 0) + 1);
  if (byCat.size) spread.push(stated(`平台分布：${[...byCat].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${categoryLabel(c)} ${n} 条`).join('，')}。`, [ev]));
  if (f.carriers.length) {
    spread.push(stated(`核心传播节点：${f.carriers.map((c) => `${c.name}（${categoryLabel(c.category)}，${c.count} 条）`).join('、')}。`, f.carriers.map((c) => itemRef(c.firstItemId))));
  }
  sections.push({
    key: 'spread',
    heading: '事件概述与传播态势',
    statements: spread,
    table: { header: ['时间', '关键节点'], rows: nodes.slice(0, 20).map((n) => ({ cells: [shortWallText(n.at, tz), n.text], evidence: n.evidence })) },
  });

  // volume curve (声量走势)
  let volume: { at: string; count: number }[] = [];
  if (f.members.length) {
    const times = f.members.map((m) => m.at.getTime());
    const from = Math.min(...times);
    const to = Math.max(...times, from + 1);
    const size = chooseBucket(new Date(from), new Date(to));
    const counts = new Map<number, number>();
    for (const t of times) {
      const b = bucketStart(t, size);
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    volume = [...counts].sort((a, b) => a[0] - b[0]).map(([t, count]) => ({ at: new Date(t).toISOString(), count }));
  }

  // 二、事实核对
  const factStatements: Statement[] = [];
  const factRows = facts
    .filter((r) => r.official || r.media || r.posts || r.rumour)
    .map((r) => {
      const evidence = [r.official?.latest, r.media?.latest, r.posts?.latest, r.rumour?.latest].filter((c) => c !== undefined).map((c) => itemRef(c.itemId));
      return {
        cells: [
          r.label,
          r.official ? formatFigure(r.field, r.official.latest.value) : '官方未通报',
          r.media ? formatRange(r.field, r.media) : '—',
          r.posts ? formatRange(r.field, r.posts) : '—',
          r.rumour ? formatRange(r.field, r.rumour) : '—',
        ],
        evidence,
        flags: r.flags,
      };
    });
  if (factRows.length === 0) factStatements.push(stated('报道中尚未提取到伤亡或损失数字。', [ev]));
  for (const r of factRows) for (const flag of r.flags) factStatements.push(stated(flag.text, r.evidence));
  if (factRows.length && factStatements.length === 0) factStatements.push(stated('官方通报与媒体、网帖报道的数字一致，未见明显出入。', factRows.flatMap((r) => r.evidence)));
  sections.push({
    key: 'facts',
    heading: '事实核对（官方通报与网传）',
    statements: factStatements,
    ...(factRows.length ? { table: { header: ['项目', '官方通报', '媒体报道', '网帖', '网传（未证实）'], rows: factRows.map(({ cells, evidence }) => ({ cells, evidence })) } } : {}),
  });

  // 三、各方观点与舆论焦点
  const views: Statement[] = [];
  for (const o of f.official) views.push(stated(`官方：${o.sourceName}《${o.title}》。`, [itemRef(o.id)]));
  for (const m of f.media) views.push(stated(`媒体：${m.sourceName}《${m.title}》（风险 ${m.risk}）。`, [itemRef(m.id)]));
  // Critical voices must be included (绝不能报喜不报忧).
  if (f.critical.length) for (const c of f.critical) views.push(stated(`批评/质疑声音：${c.sourceName}《${c.title}》（${c.rumour ? '含网传未证实内容，' : ''}风险 ${c.risk}）。`, [itemRef(c.id)]));
  else views.push(stated('本事件报道中未见负面倾向的信息。', [ev]));
  sections.push({ key: 'views', heading: '各方观点与舆论焦点', statements: views });

  // 四、研判与趋势
  const assessment: Statement[] = [];
  const lastHours = (now.getTime() - e.lastSeenAt.getTime()) / 3_600_000;
  assessment.push(stated(lastHours <= 6 ? `事件仍在发酵：最新报道见于 ${shortWallText(e.lastSeenAt, tz)}。` : `最新报道见于 ${shortWallText(e.lastSeenAt, tz)}，距今约 ${Math.round(lastHours)} 小时，关注度趋于回落。`, [ev]));
  const overdue = f.clocks.filter((c) => c.state === 'overdue');
  const running = f.clocks.filter((c) => c.state === 'running');
  if (overdue.length) assessment.push(stated(`风险点：${overdue.map((c) => `${c.label}已于 ${shortWallText(c.dueAt, tz)} 超时`).join('；')}，易引发“迟报”“回应不力”质疑。`, overdue.map((c) => clockRef(c.id, e.id))));
  if (running.length) assessment.push(stated(`时限：${running.map((c) => `${c.label}将于 ${shortWallText(c.dueAt, tz)} 到期`).join('；')}。`, running.map((c) => clockRef(c.id, e.id))));
  const mismatch = facts.filter((r) => r.flags.some((x) => x.severity === 'warning'));
  if (mismatch.length) assessment.push(stated(`风险点：${mismatch.map((r) => r.label).join('、')}数字官方与网传不一致，需防范“瞒报”质疑。`, mismatch.flatMap((r) => (r.official ? [itemRef(r.official.latest.itemId)] : []))));
  assessment.push(stated(risk.text, risk.evidence.length ? risk.evidence : [ev]));
  sections.push({ key: 'assessment', heading: '研判与趋势', statements: assessment });

  // 五、应对建议
  const advice: Statement[] = [];
  const plan = f.plans[0];
  if (plan) {
    advice.push(stated(`启用应对预案“${plan.plan.name}”（${plan.reasons.join('；')}），新闻发言人：${plan.plan.body.spokesperson}；发布渠道：${plan.plan.body.channels.join('、')}。`, [planRef(plan.plan.id)]));
    advice.push(stated(`核心口径：${plan.plan.body.wording.core}`, [planRef(plan.plan.id)]));
    for (const s of plan.plan.body.steps.slice(0, 6)) advice.push(stated(`${s.title}（${s.responsible}${s.dueHours ? `，${s.dueHours} 小时内` : ''}）。`, [planRef(plan.plan.id)]));
  } else advice.push(stated('预案库中没有与本事件类型和等级匹配的应对预案，请按“快报事实、慎报原因”原则拟定口径。', [ev]));
  if (overdue.length || running.length) advice.push(stated('按时限要求尽快发布权威信息，回应网民关切。', [...overdue, ...running].map((c) => clockRef(c.id, e.id))));
  if (f.replyTask) advice.push(stated(`本事件已列入待回应（任务 #${f.replyTask.id}，应于 ${shortWallText(f.replyTask.dueAt, tz)} 前回应）。`, [{ kind: 'reply', id: f.replyTask.id, href: `/replies/${f.replyTask.id}` }]));
  sections.push({ key: 'advice', heading: '应对建议', statements: advice });

  const attachments = [
    `事件报道清单（${e.itemCount} 条，见平台“事件”页）`,
    ...(factRows.length ? ['伤亡与损失数字对照表'] : []),
    ...(plan ? [`应对预案：${plan.plan.name}`] : []),
    ...f.releases.filter((r) => r.publishedAt).map((r) => `已发布信息：${r.title}`),
  ];

  return {
    version: 1,
    kind: 'special',
    title,
    issuer: h.issuer,
    timezone: tz,
    periodStart: e.firstSeenAt.toISOString(),
    periodEnd: now.toISOString(),
    generatedAt: h.generatedAt.toISOString(),
    eventId: e.id,
    abstract,
    figures: null,
    volume,
    sections,
    attachments,
  };
}
