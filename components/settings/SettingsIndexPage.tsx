import type { SettingsOverview } from '@/lib/db';
import { formatDateTime } from '@/lib/format/zh';
import { actorLabel } from '@/lib/settings/actor';
import { changedClockKeys, effectiveClocks } from '@/lib/settings/clocks';
import { changedThresholdKeys, effectiveThresholds } from '@/lib/settings/thresholds';
import { describeClocks } from './ClocksPage';

const JOB_STATES: Readonly<Record<string, string>> = { queued: '排队中', running: '进行中', done: '已完成', failed: '失败', cancelled: '已取消' };

export function SettingsIndexPage({ overview }: { overview: SettingsOverview }) {
  const { topics, lexicon, job } = overview;
  const thresholds = effectiveThresholds(overview.thresholds?.value);
  const clocks = effectiveClocks(overview.clocks?.value);
  const changedThresholds = changedThresholdKeys(thresholds.value).size;
  const changedClocks = changedClockKeys(clocks.value).size;
  return (
    <div className="settings">
      <div className="page-head">
        <h1>设置</h1>
      </div>
      <p className="lead">监测什么、怎样判断、何时预警、通知给谁。每项修改都记录修改时间；词典和阈值还记录操作人。</p>
      <div className="settings-grid">
        <section className="card" aria-labelledby="s-topics">
          <h2 id="s-topics">
            <a href="/settings/topics">监测专题</a>
          </h2>
          <p>
            {topics.total === 0 ? '还没有监测专题。' : `共 ${topics.total} 个专题，其中 ${topics.enabled} 个启用。`}
          </p>
          <p className="field-help">用 AND / OR / NOT、括号、短语、title:、NEAR/n 写规则，保存前可试运行。</p>
        </section>
        <section className="card" aria-labelledby="s-lexicon">
          <h2 id="s-lexicon">
            <a href="/settings/lexicon">词典</a>
          </h2>
          <p>
            词典版本 <strong>{lexicon.version}</strong>；共 {lexicon.entries} 条，人工修改 {lexicon.userEdited} 条，停用 {lexicon.disabled} 条。
          </p>
          <p className="field-help">
            {job
              ? `最近的重新分析任务 #${job.id}：${JOB_STATES[job.state] ?? job.state}，${job.done} / ${job.total} 条（${actorLabel(job.requestedBy)}，${formatDateTime(job.createdAt)}）`
              : '还没有重新分析任务。'}
          </p>
        </section>
        <section className="card" aria-labelledby="s-thresholds">
          <h2 id="s-thresholds">
            <a href="/settings/thresholds">预警阈值</a>
          </h2>
          <p>{changedThresholds === 0 ? '全部为默认值。' : `已修改 ${changedThresholds} 项。`}</p>
          {overview.thresholds && changedThresholds > 0 && (
            <p className="field-help">
              最近修改 {formatDateTime(overview.thresholds.updatedAt)} · {actorLabel(overview.thresholds.updatedBy)}
            </p>
          )}
          {!thresholds.valid && <p className="field-error">已保存的阈值无效，正按默认值运行。</p>}
        </section>
        <section className="card" aria-labelledby="s-clocks">
          <h2 id="s-clocks">
            <a href="/settings/clocks">响应时限</a>
          </h2>
          <p>{describeClocks(clocks.value)}</p>
          <p className="field-help">
            {changedClocks === 0
              ? '全部为默认值（国办发〔2016〕61号、80号）。'
              : `已修改 ${changedClocks} 项${overview.clocks ? `，最近修改 ${formatDateTime(overview.clocks.updatedAt)} · ${actorLabel(overview.clocks.updatedBy)}` : ''}。`}
          </p>
          {!clocks.valid && <p className="field-error">已保存的时限规则无效，正按默认值运行。</p>}
        </section>
        <section className="card" aria-labelledby="s-notify">
          <h2 id="s-notify">
            <a href="/settings/notifications">通知渠道与规则</a>
          </h2>
          <p>
            {overview.channels} 个通知通道，{overview.rules} 条通知规则。
          </p>
          <p className="field-help">查看配置（密钥已隐藏）并发送测试消息。</p>
        </section>
      </div>
    </div>
  );
}
