import { AutoRefresh } from '@/components/overview/AutoRefresh';
import type { HazardEntry, HazardList } from '@/lib/db';
import { formatDateTime } from '@/lib/format/zh';
import { WARNING_LEVELS } from '@/lib/warning/levels';
import type { WarningLevel } from '@/lib/warning/levels';
import './warnings.css';

const ACTION_LABELS: Readonly<Record<string, string>> = {
  issue: '发布',
  upgrade: '升级',
  downgrade: '降级',
  continue: '继续发布',
  lift: '解除',
};

const LEVEL_OPTIONS = ['red', 'orange', 'yellow', 'blue'] as const;

function levelInfo(level: string) {
  return WARNING_LEVELS[level as WarningLevel] ?? null;
}

/** The level as colour AND words (红色预警（一级）), never colour alone. */
function LevelBadge({ level, short = false }: { level: string; short?: boolean }) {
  const info = levelInfo(level);
  return <span className={`level ${level}`}>{info ? (short ? info.colour : info.label) : level}</span>;
}

function History({ w }: { w: HazardEntry }) {
  if (w.history.length < 2) return null;
  return (
    <ol className="hazard-history" aria-label="发布与变更经过">
      {w.history.map((h) => (
        <li key={h.id}>
          <a href={`/items/${h.itemId}`}>
            {formatDateTime(h.issuedAt)} {ACTION_LABELS[h.action] ?? h.action}
          </a>{' '}
          {h.action === 'lift' ? null : <LevelBadge level={h.level} short />}
        </li>
      ))}
    </ol>
  );
}

function Validity({ w }: { w: HazardEntry }) {
  return w.validUntil ? (
    <>有效期至 {formatDateTime(w.validUntil)}</>
  ) : (
    <span title="预警未写明有效期，按发布后 24 小时计">未注明有效期（按 24 小时计，至 {formatDateTime(w.effectiveUntil)}）</span>
  );
}

function WarningRow({ w }: { w: HazardEntry }) {
  return (
    <li className={`hazard-row ${w.level}`}>
      <div className="hazard-head">
        <LevelBadge level={w.level} />
        <span className="name">
          {w.region ?? ''}
          {w.hazard}预警
        </span>
        <span className="tag">{ACTION_LABELS[w.action] ?? w.action}</span>
        {w.isDemo && <span className="tag demo">演示</span>}
      </div>
      <div className="hazard-meta">
        发布单位：{w.publisher ?? '未注明'} · 发布时间 {formatDateTime(w.issuedAt)} · <Validity w={w} />
      </div>
      <div className="hazard-title">
        来源信息：<a href={`/items/${w.itemId}`}>{w.title}</a>
      </div>
      <History w={w} />
    </li>
  );
}

export interface WarningsPageProps {
  list: HazardList;
  filters: { province?: string; level?: string };
}

/** 预警: official hazard and disaster warnings in force by region and level, and what ended lately. */
export function WarningsPage({ list, filters }: WarningsPageProps) {
  const { groups, ended, levelCounts, areas, inForceCount, generatedAt } = list;
  const filtered = Boolean(filters.province || filters.level);
  const totalInForce = LEVEL_OPTIONS.reduce((n, l) => n + levelCounts[l], 0);
  return (
    <div className="warnings">
      <div className="page-head">
        <h1>灾害预警</h1>
        <span className="muted">灾害与安全生产风险预警 · 更新于 {formatDateTime(generatedAt)}</span>
        <AutoRefresh seconds={60} />
      </div>

      <section className="card" aria-labelledby="summary-h">
        <h2 id="summary-h">生效中的预警：{totalInForce} 条</h2>
        <div className="level-summary">
          {LEVEL_OPTIONS.map((l) => (
            <span key={l} className={`level ${l}`}>
              {WARNING_LEVELS[l].label} {levelCounts[l]} 条
            </span>
          ))}
        </div>
        <form className="hazard-filters" method="get" action="/warnings" aria-label="筛选预警" style={{ marginTop: 10 }}>
          <label>
            省份/地区
            <select name="province" defaultValue={filters.province ?? ''}>
              <option value="">全部地区</option>
              {areas.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <label>
            级别
            <select name="level" defaultValue={filters.level ?? ''}>
              <option value="">全部级别</option>
              {LEVEL_OPTIONS.map((l) => (
                <option key={l} value={l}>
                  {WARNING_LEVELS[l].label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">筛选</button>
          {filtered && <a href="/warnings">清除筛选</a>}
        </form>
      </section>

      {groups.length === 0 ? (
        <section className="card" aria-labelledby="none-h">
          <h2 id="none-h">生效中的预警</h2>
          <p className="empty">
            {filtered && totalInForce > 0
              ? '没有符合筛选条件的生效预警。'
              : '当前没有生效中的灾害/隐患预警。气象、自然资源、水利、林草和应急管理部门发布的预警被抓取到后会出现在这里。'}
          </p>
        </section>
      ) : (
        <div className="hazard-groups" aria-label={`生效中的预警 ${inForceCount} 条，按地区分组`}>
          {groups.map((g) => (
            <section key={g.area} className="card hazard-group" aria-labelledby={`g-${g.area}`}>
              <h2 id={`g-${g.area}`}>
                {g.area}
                <LevelBadge level={g.maxLevel} />
                <span className="small muted">{g.warnings.length} 条生效中</span>
              </h2>
              <ol className="hazard-list">
                {g.warnings.map((w) => (
                  <WarningRow key={w.id} w={w} />
                ))}
              </ol>
            </section>
          ))}
        </div>
      )}

      <section className="card" aria-labelledby="ended-h">
        <h2 id="ended-h">近 7 天已解除或已过期（{ended.length}）</h2>
        {ended.length === 0 ? (
          <p className="empty">近 7 天没有解除或过期的预警。</p>
        ) : (
          <div style={{ overflowX: 'auto' }}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">级别</th>
                  <th scope="col">预警</th>
                  <th scope="col">地区</th>
                  <th scope="col">发布单位</th>
                  <th scope="col">发布时间</th>
                  <th scope="col">结束</th>
                  <th scope="col">经过</th>
                </tr>
              </thead>
              <tbody>
                {ended.map((w) => (
                  <tr key={w.id}>
                    <td className="nowrap">
                      <LevelBadge level={w.level} />
                    </td>
                    <td>
                      <a href={`/items/${w.itemId}`}>
                        {w.region ?? ''}
                        {w.hazard}预警
                      </a>
                      {w.isDemo && <span className="tag demo">演示</span>}
                    </td>
                    <td>{w.area}</td>
                    <td className="small">{w.publisher ?? '未注明'}</td>
                    <td className="small nowrap">{formatDateTime(w.issuedAt)}</td>
                    <td className="small nowrap">
                      <span className={`pill ${w.state === 'lifted' ? 'ok' : 'unknown'}`}>{w.state === 'lifted' ? '已解除' : '已过期'}</span>{' '}
                      {formatDateTime(w.endedAt)}
                      {w.liftItemId !== null && (
                        <div>
                          <a href={`/items/${w.liftItemId}`}>解除通知</a>
                        </div>
                      )}
                    </td>
                    <td>
                      <History w={w} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
