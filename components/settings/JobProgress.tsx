import type { AnalysisStatus } from '@/lib/db';
import { formatDateTime } from '@/lib/format/zh';
import { actorLabel } from '@/lib/settings/actor';
import { RefreshWhileRunning } from './RefreshWhileRunning';

const STATE_LABELS: Readonly<Record<string, { label: string; pill: string }>> = {
  queued: { label: '排队中', pill: 'unknown' },
  running: { label: '进行中', pill: 'degraded' },
  done: { label: '已完成', pill: 'ok' },
  failed: { label: '失败', pill: 'failing' },
  cancelled: { label: '已取消', pill: 'unknown' },
};

/** The lexicon version and the background re-analysis jobs, refreshing while one runs. */
export function JobProgress({ status, headingId = 'jobs-h' }: { status: AnalysisStatus; headingId?: string }) {
  const active = status.jobs.some((j) => j.state === 'queued' || j.state === 'running');
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>重新分析进度</h2>
      <p className="version" data-testid="lexicon-version">
        当前词典版本<strong>{status.version}</strong>
      </p>
      <p className="field-help">修改词条或监测专题都会使版本加一；抓取进程随后在后台用新版本重新分析已入库的信息（专题标注也随之更新）。</p>
      {status.jobs.length === 0 ? (
        <p className="empty">还没有重新分析任务。</p>
      ) : (
        <div aria-live="polite">
          {status.jobs.map((j) => {
            const s = STATE_LABELS[j.state] ?? { label: j.state, pill: 'unknown' };
            const pct = j.total > 0 ? Math.min(100, Math.round((j.done / j.total) * 100)) : j.state === 'done' ? 100 : 0;
            return (
              <div className="job" key={j.id} data-testid="analysis-job">
                <div>
                  任务 #{j.id}（版本 {j.lexiconVersion}）<span className={`pill ${s.pill}`}>{s.label}</span>
                </div>
                {j.state === 'queued' ? (
                  <div className="meta">等待抓取进程接手（它在两次抓取之间处理）。</div>
                ) : (
                  <>
                    <progress max={Math.max(1, j.total)} value={Math.min(j.done, Math.max(1, j.total))} aria-label={`任务 #${j.id} 进度`} />
                    <div>
                      已完成 {j.done} / {j.total} 条（{pct}%）{j.failed > 0 && <span className="error">，失败 {j.failed} 条</span>}
                    </div>
                  </>
                )}
                <div className="meta">
                  发起：{actorLabel(j.requestedBy)} · 排队 {formatDateTime(j.createdAt)} · 开始 {formatDateTime(j.startedAt)} · 结束{' '}
                  {formatDateTime(j.finishedAt)}
                </div>
                {j.message && <div className={j.state === 'failed' ? 'error' : 'meta'}>{j.message}</div>}
              </div>
            );
          })}
        </div>
      )}
      <RefreshWhileRunning active={active} />
    </section>
  );
}
