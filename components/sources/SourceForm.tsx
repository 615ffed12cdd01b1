'use client';

import { startTransition, useActionState, useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { previewFormAction, saveSourceAction } from '@/app/sources/actions';
import type { PreviewState, SaveState } from '@/app/sources/actions';
import type { SourceFormErrors, SourceFormField, SourceFormValues } from '@/lib/sources/form';
import { PreviewPanel } from './PreviewPanel';

export interface SourceFormProps {
  /** Set when editing a dashboard source; its id cannot change. */
  editId?: string;
  initial: SourceFormValues;
  labels: Readonly<Record<SourceFormField, string>>;
  categories: readonly (readonly [string, string])[];
}

const ENCODINGS = ['utf-8', 'gbk', 'gb18030', 'gb2312', 'big5'];

/**
 * Add or edit a source: every field of the source schema, checked on the server with field-level
 * Chinese errors, and 测试/预览 that fetches the URL now without saving. Submitted by script (not the
 * form's native action) so the fields keep what was typed when a check fails.
 */
export function SourceForm({ editId, initial, labels, categories }: SourceFormProps) {
  const [saveState, save, saving] = useActionState<SaveState, FormData>(saveSourceAction, null);
  const [previewState, preview, previewing] = useActionState<PreviewState, FormData>(previewFormAction, null);
  const [last, setLast] = useState<'save' | 'preview' | null>(null);
  const [kind, setKind] = useState(initial.kind ?? 'rss');
  const summaryRef = useRef<HTMLDivElement>(null);

  const errors: SourceFormErrors = (last === 'preview' ? previewState?.errors : last === 'save' ? saveState?.errors : undefined) ?? {};
  const errorList = Object.entries(errors) as [SourceFormField | 'form', string][];

  useEffect(() => {
    if (errorList.length) summaryRef.current?.focus();
    // Once per answer from the server, not on every render.
  }, [saveState, previewState]);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const intent = submitter?.value === 'preview' ? 'preview' : 'save';
    const fd = new FormData(e.currentTarget);
    setLast(intent);
    startTransition(() => (intent === 'preview' ? preview(fd) : save(fd)));
  };

  const field = (name: SourceFormField, input: ReactNode, hint?: string, wide = false) => (
    <div className={`field${wide ? ' wide' : ''}`}>
      <label htmlFor={`f-${name}`}>{labels[name]}</label>
      {input}
      {hint && (
        <span className="hint" id={`f-${name}-hint`}>
          {hint}
        </span>
      )}
      {errors[name] && (
        <span className="field-error" id={`f-${name}-err`}>
          {errors[name]}
        </span>
      )}
    </div>
  );
  const aria = (name: SourceFormField, hint = false) => ({
    id: `f-${name}`,
    name,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': [errors[name] ? `f-${name}-err` : '', hint ? `f-${name}-hint` : ''].filter(Boolean).join(' ') || undefined,
  });
  const text = (name: SourceFormField, hint?: string, extra: Record<string, string | boolean | number> = {}, wide = false) =>
    field(name, <input type="text" defaultValue={initial[name] ?? ''} {...aria(name, Boolean(hint))} {...extra} />, hint, wide);
  const check = (name: SourceFormField, hint?: string) => (
    <div className="field check">
      <input type="checkbox" defaultChecked={initial[name] === 'on'} {...aria(name, Boolean(hint))} />
      <label htmlFor={`f-${name}`}>{labels[name]}</label>
      {hint && (
        <span className="hint" id={`f-${name}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
  const busy = saving || previewing;

  return (
    <>
      <form className="source-form" onSubmit={onSubmit} noValidate aria-busy={busy}>
        {editId && <input type="hidden" name="editId" value={editId} />}
        <div ref={summaryRef} tabIndex={-1} role={errorList.length ? 'alert' : undefined}>
          {errorList.length > 0 && (
            <div className="banner alert">
              {last === 'preview' ? '无法测试，请先修改：' : '没有保存，请修改以下内容：'}
              <ul>
                {errorList.map(([f, msg]) => (
                  <li key={f}>{f === 'form' ? msg : <a href={`#f-${f}`}>{`${labels[f]}：${msg}`}</a>}</li>
                ))}
              </ul>
            </div>
          )}
        </div>

        <fieldset>
          <legend>基本信息</legend>
          <div className="form-grid">
            {text('name', '页面上显示的名称，例如“某市应急管理局 · 通知公告”', { required: true, maxLength: 100 })}
            {text('url', 'RSS/Atom 订阅源地址，或栏目列表网页的地址（http:// 或 https://）', { inputMode: 'url', required: true, spellCheck: false }, true)}
            {field(
              'kind',
              <select defaultValue={initial.kind ?? 'rss'} onChange={(e) => setKind(e.target.value)} {...aria('kind')}>
                <option value="rss">RSS/Atom 订阅源</option>
                <option value="html">HTML 列表页（用选择器读取）</option>
              </select>,
            )}
            {field(
              'category',
              <select defaultValue={initial.category ?? ''} {...aria('category')}>
                {categories.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>,
            )}
            {text('region', '信源主要覆盖的省份，或“全国”', { maxLength: 20 })}
            {text('homepage', '可选，网站首页地址', { inputMode: 'url', spellCheck: false })}
            {editId
              ? field('id', <input type="text" value={editId} readOnly {...aria('id')} name="id" />, '信源 id 保存后不能修改')
              : text('id', '可选：小写字母、数字和连字符；留空自动生成', { spellCheck: false, maxLength: 64 })}
            {field('note', <textarea rows={2} defaultValue={initial.note ?? ''} maxLength={500} {...aria('note')} />, undefined, true)}
          </div>
        </fieldset>

        <fieldset>
          <legend>抓取设置</legend>
          <div className="form-grid">
            {field(
              'intervalMinutes',
              <input type="number" min={1} max={1440} step={1} defaultValue={initial.intervalMinutes ?? '30'} {...aria('intervalMinutes', true)} />,
              '1–1440 分钟；失败后自动退避，不会更频繁',
            )}
            {field(
              'dedupeKey',
              <select defaultValue={initial.dedupeKey ?? 'guid'} {...aria('dedupeKey')}>
                <option value="guid">条目 GUID（默认）</option>
                <option value="link">文章链接（用于每次 GUID 都变的订阅源）</option>
              </select>,
            )}
            {field(
              'encoding',
              <>
                <input type="text" list="encodings" defaultValue={initial.encoding ?? ''} spellCheck={false} {...aria('encoding', true)} />
                <datalist id="encodings">
                  {ENCODINGS.map((e) => (
                    <option key={e} value={e} />
                  ))}
                </datalist>
              </>,
              '留空自动识别；网站声明错误导致乱码时再指定，如 gbk',
            )}
            {check('enabled')}
            {check('priority', '每次先抓这个信源')}
          </div>
        </fieldset>

        <fieldset hidden={kind !== 'html'}>
          <legend>HTML 列表页选择器（CSS 选择器）</legend>
          <div className="form-grid">
            {text('htmlItem', '每个列表条目，例如 ul.list li', { spellCheck: false })}
            {text('htmlLink', '条目内的链接，默认 a（链接文字即标题）', { spellCheck: false })}
            {text('htmlTitle', '可选：标题不在链接文字里时', { spellCheck: false })}
            {text('htmlDate', '可选：条目内的日期，例如 span.date；留空自动查找', { spellCheck: false })}
            {text('htmlSummary', '可选：条目内的摘要', { spellCheck: false })}
            {check('htmlFollowArticle', '逐条打开文章页读取全文（只跟进本站链接）')}
            {text('htmlArticleContent', '文章页的正文，例如 #zoom；留空自动识别', { spellCheck: false })}
            {text('htmlArticleTitle', '可选：文章页的标题', { spellCheck: false })}
            {text('htmlArticleDate', '可选：文章页的发布时间', { spellCheck: false })}
            {field(
              'htmlMaxArticles',
              <input type="number" min={1} max={100} step={1} defaultValue={initial.htmlMaxArticles ?? '20'} {...aria('htmlMaxArticles')} />,
            )}
          </div>
        </fieldset>

        <div className="form-buttons">
          <button type="submit" name="intent" value="preview" className="btn" disabled={busy}>
            {previewing ? '正在抓取…' : '测试/预览（不保存）'}
          </button>
          <button type="submit" name="intent" value="save" className="btn primary" disabled={busy}>
            {saving ? '正在保存…' : editId ? '保存修改' : '保存信源'}
          </button>
          <a className="btn" href={editId ? `/sources/${editId}` : '/sources'}>
            取消
          </a>
          <span className="muted small" aria-live="polite">
            {previewing ? '正在按抓取规则读取该地址，最长约 20 秒…' : ''}
          </span>
        </div>
      </form>
      {last === 'preview' && previewState?.result && <PreviewPanel result={previewState.result} />}
    </>
  );
}
