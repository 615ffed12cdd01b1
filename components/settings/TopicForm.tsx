'use client';
import { useActionState, useMemo, useState } from 'react';
import { previewTopicAction, saveTopicAction } from '@/app/settings/actions';
import { TOPIC_DESCRIPTION_MAX, TOPIC_FORM_IDLE, TOPIC_NAME_MAX, TOPIC_PREVIEW_IDLE, checkTopicRule, ruleErrorText } from '@/lib/settings/topic-form';
import { FieldError, FormMessage } from './FormBits';
import { RuleHighlight } from './RuleHighlight';
import { TopicPreviewResult } from './TopicPreviewResult';

export interface TopicFormValues {
  id: number | null;
  name: string;
  rule: string;
  description: string;
  enabled: boolean;
}

/**
 * Create or edit a topic. The rule is checked while typing (same parser as the server), its error
 * shown with the position marked; 试运行 counts what it matches in the last 7 days before saving.
 */
export function TopicForm({ topic }: { topic: TopicFormValues }) {
  const save = useMemo(() => saveTopicAction.bind(null, topic.id), [topic.id]);
  const [saveState, saveAction, saving] = useActionState(save, TOPIC_FORM_IDLE);
  const [previewState, previewAction, previewing] = useActionState(previewTopicAction, TOPIC_PREVIEW_IDLE);
  // Controlled fields: the form resets after each action, and 试运行 must not wipe what was typed.
  const [name, setName] = useState(topic.name);
  const [rule, setRule] = useState(topic.rule);
  const [description, setDescription] = useState(topic.description);
  const [enabled, setEnabled] = useState(topic.enabled);
  const [touched, setTouched] = useState(topic.id !== null);
  const showCheck = touched || saveState.status !== 'idle' || previewState.status !== 'idle';
  const check = showCheck ? checkTopicRule(rule) : null;
  const p = topic.id === null ? 'new-topic' : `topic-${topic.id}`;
  const ruleDescribedBy = [`${p}-rule-help`, check ? `${p}-rule-check` : null].filter(Boolean).join(' ');
  return (
    <form action={saveAction} noValidate aria-label={topic.id === null ? '新建监测专题' : '编辑监测专题'}>
      <div className="field">
        <label htmlFor={`${p}-name`}>专题名称</label>
        <input
          id={`${p}-name`}
          name="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={TOPIC_NAME_MAX + 10}
          aria-invalid={saveState.errors.name ? true : undefined}
          aria-describedby={saveState.errors.name ? `${p}-name-err` : undefined}
          style={{ maxWidth: '24em' }}
        />
        <FieldError id={`${p}-name-err`} message={saveState.errors.name} />
      </div>
      <div className="field">
        <label htmlFor={`${p}-rule`}>规则</label>
        <textarea
          id={`${p}-rule`}
          name="rule"
          className="rule-input"
          value={rule}
          onChange={(e) => {
            setRule(e.target.value);
            setTouched(true);
          }}
          rows={3}
          spellCheck={false}
          aria-invalid={check && !check.ok ? true : undefined}
          aria-describedby={ruleDescribedBy}
        />
        <p id={`${p}-rule-help`} className="field-help">
          例：<code>煤矿 AND (透水 OR 突水) NOT 演练</code>。空格分开的词默认同时出现（AND）。
        </p>
        {check &&
          (check.ok ? (
            <p id={`${p}-rule-check`} className="rule-check ok">
              ✓ 规则可用，理解为：<code className="rule">{check.canonical}</code>
            </p>
          ) : (
            <div id={`${p}-rule-check`} role="alert">
              <p className="field-error" data-testid="rule-error">
                {ruleErrorText(check.error)}
              </p>
              <RuleHighlight rule={rule} position={check.error.position} />
            </div>
          ))}
      </div>
      <div className="field">
        <label htmlFor={`${p}-desc`}>说明（选填）</label>
        <input
          id={`${p}-desc`}
          name="description"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={TOPIC_DESCRIPTION_MAX + 10}
          aria-invalid={saveState.errors.description ? true : undefined}
          aria-describedby={saveState.errors.description ? `${p}-desc-err` : undefined}
        />
        <FieldError id={`${p}-desc-err`} message={saveState.errors.description} />
      </div>
      <div className="field">
        <label>
          <input type="checkbox" name="enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> 启用（停用的专题不标注新信息）
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={saving}>
          {saving ? '正在保存…' : '保存'}
        </button>
        <button type="submit" className="btn" formAction={previewAction} disabled={previewing}>
          {previewing ? '正在试运行…' : '试运行（近 7 天）'}
        </button>
        <span className="muted small">保存后，已入库的信息会在后台按新规则重新标注。</span>
      </div>
      <FormMessage state={saveState} />
      {previewState.status === 'done' && previewState.preview && (
        <>
          {previewState.rule !== rule && <p className="muted small">规则已修改，以下是修改前规则的结果，请重新试运行。</p>}
          <TopicPreviewResult preview={previewState.preview} />
        </>
      )}
    </form>
  );
}
