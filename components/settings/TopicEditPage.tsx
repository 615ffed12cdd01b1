import type { AnalysisStatus, TopicSettingsRow } from '@/lib/db';
import { formatDateTime } from '@/lib/format/zh';
import { JobProgress } from './JobProgress';
import { RuleSyntaxHelp } from './RuleSyntaxHelp';
import { TopicDeleteForm } from './TopicDeleteForm';
import { TopicForm } from './TopicForm';
import { TopicEnableButton } from './TopicsPage';

export function TopicEditPage({ topic, status }: { topic: Omit<TopicSettingsRow, 'taggedRecent'>; status: AnalysisStatus }) {
  return (
    <div className="settings">
      <p className="small">
        <a href="/settings/topics">← 返回监测专题</a>
      </p>
      <div className="page-head">
        <h1>编辑专题：{topic.name}</h1>
        <span className={`pill ${topic.enabled ? 'ok' : 'unknown'}`}>{topic.enabled ? '启用' : '停用'}</span>
        <span className="muted small">
          创建于 {formatDateTime(topic.createdAt)} · 最近修改 {formatDateTime(topic.updatedAt)}
        </span>
      </div>
      <div className="columns">
        <section className="card" aria-labelledby="edit-topic-h">
          <h2 id="edit-topic-h">规则</h2>
          <TopicForm
            topic={{ id: topic.id, name: topic.name, rule: topic.rule, description: topic.description ?? '', enabled: topic.enabled }}
          />
          <RuleSyntaxHelp />
        </section>
        <div>
          <section className="card" aria-labelledby="topic-state-h">
            <h2 id="topic-state-h">停用或删除</h2>
            <div className="field-row" style={{ marginBottom: 12 }}>
              <TopicEnableButton topic={topic} />
              <span className="muted small">停用后不再标注，已有标注在重新分析后清除；随时可以再启用。</span>
            </div>
            <TopicDeleteForm topicId={topic.id} name={topic.name} />
          </section>
          <JobProgress status={status} />
        </div>
      </div>
    </div>
  );
}
