import type { ItemDetail } from '@/lib/db';
import { SENSITIVITY_LABELS } from '@/lib/export/cells';
import { categoryLabel, formatDateTime, safeHref } from '@/lib/format/zh';
import { CUE_CATEGORY_LABELS, FACT_FIELD_LABELS, SCOPE_LABELS, cueTone, parseCues, parseFacts, parseRisk } from '@/lib/search/explain';
import type { StoredCue } from '@/lib/search/explain';
import { SENTIMENT_LABELS } from '@/lib/warning/labels';
import { MarkReplyButton } from '@/components/replies/MarkReplyButton';
import { CueText } from './CueText';
import './items.css';

function signed(x: number): string {
  const r = Math.round(x * 100) / 100;
  return r > 0 ? `+${r}` : String(r);
}

function CueLegend({ cues }: { cues: readonly StoredCue[] }) {
  if (cues.length === 0) return <p className="empty">没有找到情感线索词：情感按中性计。</p>;
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="muted small">
          <span className="legend-swatch negative" />
          负面线索　<span className="legend-swatch positive" />
          正面线索　标题中的线索计两倍；编号与上文标注对应。
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">线索词</th>
            <th scope="col">位置</th>
            <th scope="col">类别</th>
            <th scope="col">权重</th>
            <th scope="col">否定</th>
            <th scope="col">程度</th>
            <th scope="col">说明</th>
          </tr>
        </thead>
        <tbody>
          {cues.map((c, i) => (
            <tr key={i}>
              <td>{i + 1}</td>
              <td>
                <mark className={`cue ${cueTone(c)}`}>{c.term}</mark>
              </td>
              <td>{c.field === 'title' ? '标题' : '正文'}</td>
              <td>{CUE_CATEGORY_LABELS[c.category] ?? c.category}</td>
              <td className="nowrap">{signed(c.weight)}</td>
              <td>{c.negated ? '是（方向反转、减弱）' : '—'}</td>
              <td>{c.degree !== 1 ? `×${Math.round(c.degree * 100) / 100}` : '—'}</td>
              <td>{c.scope ? SCOPE_LABELS[c.scope] : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function count(n: number | null, unit = '人'): string {
  return n === null ? '—' : `${n} ${unit}`;
}

export function ItemDetailPage({ item }: { item: ItemDetail }) {
  const a = item.analysis;
  const cues = a ? parseCues(a.cuesJson) : [];
  const risk = a ? parseRisk(a.riskJson) : null;
  const facts = a ? parseFacts(a.factsJson) : null;
  const original = safeHref(item.url);
  return (
    <article className="items-page item-detail">
      <p className="small">
        <a href="/items">« 返回信息列表</a>
      </p>
      <h1>{item.title ? <CueText text={item.title} cues={cues} field="title" /> : '（无标题）'}</h1>
      <MarkReplyButton subjectType="item" subjectId={item.id} />
      <p className="muted small">
        {item.source.name}（{categoryLabel(item.source.category)}）· 时间 {formatDateTime(item.sortAt)}
        {item.publishedAt ? '' : '（未提供发布时间，按抓取时间）'} · 抓取于 {formatDateTime(item.fetchedAt)}
        {item.author ? ` · 作者 ${item.author}` : ''}
        {item.isDemo && (
          <>
            {' '}
            <span className="tag demo">演示</span>
          </>
        )}
        {original ? (
          <>
            {' · '}
            <a href={original} target="_blank" rel="noopener noreferrer nofollow">
              查看原文<span className="sr-only">（新窗口）</span>↗
            </a>
          </>
        ) : item.url ? (
          <> · 原文地址（不可点击）：{item.url}</>
        ) : null}
      </p>

      {!a ? (
        <p className="banner demo" role="note">
          尚未分析：抓取后数秒内会完成分析，请稍后刷新。
        </p>
      ) : (
        <section className="kpis" aria-label="分析结论">
          <div className="kpi">
            <span className="kpi-label">情感</span>
            <span className="kpi-value small">
              <span className={`tag sentiment ${a.label}`}>{SENTIMENT_LABELS[a.label] ?? a.label}</span> 分值 {a.sentiment.toFixed(3)}
            </span>
            <span className="kpi-note">−1 最负面，+1 最正面；±0.1 以内为中性</span>
          </div>
          <div className="kpi">
            <span className="kpi-label">风险</span>
            <span className="kpi-value">{a.risk}</span>
            <span className="kpi-note">0–100，由下方各因素相加</span>
          </div>
          <div className="kpi">
            <span className="kpi-label">敏感度</span>
            <span className="kpi-value small">{SENSITIVITY_LABELS[a.sensitivity] ?? a.sensitivity}</span>
            <span className="kpi-note">{risk && risk.sensitivity.length ? risk.sensitivity.map((c) => CUE_CATEGORY_LABELS[c] ?? c).join('、') : '无敏感线索'}</span>
          </div>
          <div className="kpi">
            <span className="kpi-label">口径</span>
            <span className="kpi-value small">{a.officialVoice ? '官方发布/转述官方' : '非官方'}</span>
            <span className="kpi-note">{a.officialVoice ? '事故与伤亡词按事实计（×0.3），风险按 60% 计' : '按一般信息计'}</span>
          </div>
        </section>
      )}
      {a?.label === 'error' && risk?.error && (
        <p className="errors" role="alert">
          分析失败：{risk.error}（词库更新后会自动重试）
        </p>
      )}

      <div className="columns">
        <section className="card" aria-labelledby="text-h">
          <h2 id="text-h">正文</h2>
          {item.text ? (
            <div className="text">
              <CueText text={item.text} cues={cues} field="text" />
            </div>
          ) : (
            <p className="empty">该信息只有标题，没有正文或摘要。</p>
          )}
        </section>

        <div>
          {a && (
            <section className="card" aria-labelledby="why-h">
              <h2 id="why-h">为什么是这个情感</h2>
              <CueLegend cues={cues} />
            </section>
          )}
          {risk && (
            <section className="card" aria-labelledby="risk-h">
              <h2 id="risk-h">风险因素</h2>
              {risk.factors.length === 0 ? (
                <p className="empty">没有风险因素。</p>
              ) : (
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">因素</th>
                      <th scope="col">分值</th>
                      <th scope="col">依据</th>
                    </tr>
                  </thead>
                  <tbody>
                    {risk.factors.map((f) => (
                      <tr key={f.key}>
                        <td>{f.name}</td>
                        <td className="nowrap">{signed(f.points)}</td>
                        <td>{f.detail}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          )}
          {a && (
            <section className="card" aria-labelledby="facts-h">
              <h2 id="facts-h">事故要素</h2>
              {!a.accidentType && !a.province && a.deaths === null && a.injuries === null ? (
                <p className="empty">未识别到具体事故。</p>
              ) : (
                <dl className="facts">
                  <dt>事故类型</dt>
                  <dd>{a.accidentType ?? '—'}</dd>
                  <dt>地点</dt>
                  <dd>{[a.province, a.city].filter(Boolean).join(' ') || '—'}</dd>
                  <dt>企业</dt>
                  <dd>{a.enterprise ?? '—'}</dd>
                  <dt>事故时间</dt>
                  <dd>{facts?.occurred?.text ?? '—'}</dd>
                  <dt>死亡</dt>
                  <dd>{count(a.deaths)}</dd>
                  <dt>重伤</dt>
                  <dd>{count(a.seriousInjuries)}</dd>
                  <dt>受伤</dt>
                  <dd>{count(a.injuries)}</dd>
                  <dt>失联</dt>
                  <dd>{count(a.missing)}</dd>
                  <dt>被困</dt>
                  <dd>{count(a.trapped)}</dd>
                  <dt>直接经济损失</dt>
                  <dd>{a.lossYuan === null ? '—' : `${(a.lossYuan / 10_000).toLocaleString('zh-CN')} 万元`}</dd>
                  <dt>事故等级</dt>
                  <dd>{a.grade ? `${a.grade}事故（按国务院令第493号）` : '—'}</dd>
                </dl>
              )}
              {a.aggregate && <p className="small">统计口径：文中数字为阶段统计（如“今年以来共发生…”），不计为单起事故的伤亡。</p>}
              {a.rumour && <p className="small">传言：部分数字只出现在“网传”等未证实的表述中，不据此定级。</p>}
              {facts && facts.evidence.length > 0 && (
                <details>
                  <summary>依据原文（{facts.evidence.length} 处）</summary>
                  <ul className="small">
                    {facts.evidence.map((e, i) => (
                      <li key={i}>
                        {FACT_FIELD_LABELS[e.field] ?? e.field}：“{e.text}”（{e.source === 'title' ? '标题' : '正文'}）
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </section>
          )}
          <section className="card" aria-labelledby="links-h">
            <h2 id="links-h">专题与事件</h2>
            {item.topics.length === 0 ? (
              <p className="muted">未命中监测专题。</p>
            ) : (
              <ul>
                {item.topics.map((t) => {
                  const hit = facts?.topics.find((x) => x.id === t.id);
                  return (
                    <li key={t.id}>
                      <a href={`/items?topic=${t.id}`}>{t.name}</a>
                      {hit && hit.terms.length > 0 && <span className="muted small">（命中：{[...new Set(hit.terms.map((x) => x.term))].join('、')}）</span>}
                    </li>
                  );
                })}
              </ul>
            )}
            {a?.event ? (
              <p>
                所属事件：<a href={`/events/${a.event.id}`}>{a.event.title || `事件 #${a.event.id}`}</a>
                <span className="muted small">
                  （{a.event.itemCount} 条信息，{a.event.sourceCount} 个信源） · <a href={`/items?event=${a.event.id}`}>列出该事件的信息</a>
                </span>
              </p>
            ) : (
              <p className="muted">未归入事件。</p>
            )}
          </section>
        </div>
      </div>
    </article>
  );
}
