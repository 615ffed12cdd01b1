import { setTopicEnabledAction } from '@/app/settings/actions';
import type { AnalysisStatus, TopicSettingsRow } from '@/lib/db';
import { formatDateTime } from '@/lib/format/zh';
import type { TopicPreview } from '@/lib/settings/topic-preview';
import { TOPIC_PREVIEW_DAYS } from '@/lib/settings/topic-preview';
import { JobProgress } from './JobProgress';
import { RuleSyntaxHelp } from './RuleSyntaxHelp';
import { TopicForm } from './TopicForm';
import { TopicPreviewResult } from './TopicPreviewResult';

export interface TopicsPageProps {
  rows: TopicSettingsRow[];
  status: AnalysisStatus;
  /** The topic just saved, with its 试运行 over the last 7 days. */
  saved: { topic: TopicSettingsRow; preview: TopicPreview | null } | null;
  deleted: boolean;
}

export function TopicEnableButton({ topic }: { topic: Pick<TopicSettingsRow, 'id' | 'name' | 'enabled'> }) {
  return (
    <form action={setTopicEnabledAction.bind(null, topic.id, !topic.enabled)}>
      <button type="submit" className="btn" aria-label={`${topic.enabled ? '停用' : '启用'}专题 ${topic.name}`}>
        {topic.enabled ? '停用' : '启用'}
      </button>
    </form>
  );
}

export function TopicsPage({ rows, status, saved, deleted }: TopicsPageProps) {
  return (
    <div className="settings">
      <div className="page-head">
        <h1>监测专题</h1>
      </div>
      <p className="lead">
        专题用规则描述要持续关注的话题（如“煤矿透水”）。每条入库信息都会按启用的专题规则标注，专题的声量也参与声量激增预警。
      </p>
      {saved && (
        <div className="card" role="status" data-testid="topic-saved">
          <p>
            已保存专题「{saved.topic.name}」。已入库的信息正在后台按新规则重新标注（进度见右侧）。
          </p>
          {saved.preview ? (
            <TopicPreviewResult preview={saved.preview} heading="试运行" collapsed />
          ) : (
            <p className="muted">规则已无法解析，请编辑后重试。</p>
          )}
        </div>
      )}
      {deleted && (
        <p className="form-message saved" role="status">
          专题已删除，已入库信息的标注将在后台更新。
        </p>
      )}
      <div className="columns">
        <section className="card" aria-labelledby="topics-h">
          <h2 id="topics-h">全部专题</h2>
          {rows.length === 0 ? (
            <p className="empty">还没有监测专题。可在右侧新建，例如名称“煤矿透水”，规则 <code>煤矿 AND (透水 OR 突水) NOT 演练</code>。</p>
          ) : (
            <div className="table-scroll">
              <table className="table" data-testid="topics-table">
                <caption className="muted small">共 {rows.length} 个专题；“近 {TOPIC_PREVIEW_DAYS} 天已标注”为分析已打上该专题标签的信息数，重新标注完成后与试运行一致。</caption>
                <thead>
                  <tr>
                    <th scope="col">专题</th>
                    <th scope="col">规则</th>
                    <th scope="col">状态</th>
                    <th scope="col">近 {TOPIC_PREVIEW_DAYS} 天已标注</th>
                    <th scope="col">最近修改</th>
                    <th scope="col">操作</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((t) => (
                    <tr key={t.id} className={t.enabled ? undefined : 'disabled'} data-topic={t.name}>
                      <td>
                        <a href={`/settings/topics/${t.id}`}>{t.name}</a>
                        {t.description && <div className="muted small">{t.description}</div>}
                      </td>
                      <td>
                        <code className="rule">{t.rule}</code>
                      </td>
                      <td>
                        <span className={`pill ${t.enabled ? 'ok' : 'unknown'}`}>{t.enabled ? '启用' : '停用'}</span>
                      </td>
                      <td className="nowrap" data-testid="tagged-count">
                        {t.taggedRecent} 条
                      </td>
                      <td className="nowrap">{formatDateTime(t.updatedAt)}</td>
                      <td>
                        <div className="field-row">
                          <a href={`/settings/topics/${t.id}`}>编辑 / 试运行</a>
                          <TopicEnableButton topic={t} />
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <div>
          <section className="card" aria-labelledby="new-topic-h">
            <h2 id="new-topic-h">新建专题</h2>
            <TopicForm topic={{ id: null, name: '', rule: '', description: '', enabled: true }} />
            <RuleSyntaxHelp />
          </section>
          <JobProgress status={status} />
        </div>
      </div>
    </div>
  );
}
