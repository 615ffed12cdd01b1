'use client';
import { useActionState, useMemo, useState } from 'react';
import { saveLexiconEntryAction } from '@/app/settings/actions';
import type { LexiconCategory, LexiconEntryKind } from '@/lib/analysis/lexicon';
import { IDLE } from '@/lib/settings/form-state';
import {
  DEGREE_MAX,
  KIND_FIELDS,
  LEXICON_KINDS,
  LEXICON_KIND_HELP,
  LEXICON_KIND_LABELS,
  NOTE_MAX,
  SENTIMENT_CATEGORY_LABELS,
  SENTIMENT_WEIGHT_MAX,
  SENTIMENT_WEIGHT_MIN,
  TERM_MAX,
  termLabel,
} from '@/lib/settings/lexicon-labels';
import { FieldError, FormMessage } from './FormBits';

export interface LexiconEntryValues {
  id: number;
  kind: LexiconEntryKind;
  term: string;
  category: string;
  weight: number;
  enabled: boolean;
  note: string | null;
}

const SENTIMENT_CATEGORIES = Object.keys(SENTIMENT_CATEGORY_LABELS) as LexiconCategory[];

/** Add an entry (any kind) or edit one; only the fields the kind uses are shown and sent. */
export function LexiconEntryForm({
  entry,
  defaultKind,
  accidentOptions,
}: {
  entry: LexiconEntryValues | null;
  defaultKind: LexiconEntryKind;
  /** GB 6441 categories (code and name), from the server. */
  accidentOptions: readonly { value: string; label: string }[];
}) {
  const action = useMemo(() => saveLexiconEntryAction.bind(null, entry?.id ?? null), [entry?.id]);
  const [state, formAction, pending] = useActionState(action, IDLE);
  const [kind, setKind] = useState<LexiconEntryKind>(entry?.kind ?? defaultKind);
  const fields = KIND_FIELDS[kind];
  const p = entry ? `lex-${entry.id}` : 'lex-new';
  // After an error the form shows what was typed (React resets a form after its action).
  const v = (name: string, fallback: string): string => state.values?.[name] ?? fallback;
  const [province = '', city = ''] = entry?.kind === 'place' ? entry.category.split('/') : [];
  const err = (name: string) => state.errors[name];
  const described = (name: string, help?: boolean) =>
    [err(name) ? `${p}-${name}-err` : null, help ? `${p}-${name}-help` : null].filter(Boolean).join(' ') || undefined;
  return (
    <form action={formAction} noValidate aria-label={entry ? '编辑词条' : '新增词条'}>
      {entry ? (
        <p>
          {LEXICON_KIND_LABELS[entry.kind]}：<strong>{termLabel(entry.term)}</strong>
        </p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${p}-kind`}>类型</label>
            <select id={`${p}-kind`} name="kind" value={kind} onChange={(e) => setKind(e.target.value as LexiconEntryKind)} aria-describedby={`${p}-kind-help`}>
              {LEXICON_KINDS.map((k) => (
                <option key={k} value={k}>
                  {LEXICON_KIND_LABELS[k]}
                </option>
              ))}
            </select>
            <p id={`${p}-kind-help`} className="field-help">
              {LEXICON_KIND_HELP[kind]}
            </p>
            <FieldError id={`${p}-kind-err`} message={err('kind')} />
          </div>
          <div className="field">
            <label htmlFor={`${p}-term`}>词条</label>
            <input
              id={`${p}-term`}
              name="term"
              defaultValue={v('term', '')}
              maxLength={TERM_MAX + 10}
              aria-invalid={err('term') ? true : undefined}
              aria-describedby={described('term')}
              style={{ maxWidth: '16em' }}
            />
            <FieldError id={`${p}-term-err`} message={err('term')} />
          </div>
        </>
      )}
      {fields.category === 'sentiment' && (
        <div className="field">
          <label htmlFor={`${p}-category`}>类别</label>
          <select
            id={`${p}-category`}
            name="category"
            defaultValue={v('category', entry?.category ?? '')}
            aria-invalid={err('category') ? true : undefined}
            aria-describedby={described('category', true)}
          >
            <option value="">请选择类别</option>
            {SENTIMENT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {SENTIMENT_CATEGORY_LABELS[c]}
              </option>
            ))}
          </select>
          <p id={`${p}-category-help`} className="field-help">
            “敏感”类会计入敏感度和敏感线索预警；事故、伤亡类在官方发布中按事实减弱。
          </p>
          <FieldError id={`${p}-category-err`} message={err('category')} />
        </div>
      )}
      {fields.category === 'accident_type' && (
        <div className="field">
          <label htmlFor={`${p}-category`}>事故类别（GB 6441）</label>
          <select
            id={`${p}-category`}
            name="category"
            defaultValue={v('category', entry?.category ?? '')}
            aria-invalid={err('category') ? true : undefined}
            aria-describedby={described('category')}
          >
            <option value="">请选择类别</option>
            {accidentOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <FieldError id={`${p}-category-err`} message={err('category')} />
        </div>
      )}
      {fields.category === 'place' && (
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${p}-province`}>所属省份</label>
            <input
              id={`${p}-province`}
              name="province"
              defaultValue={v('province', province)}
              aria-invalid={err('province') ? true : undefined}
              aria-describedby={described('province')}
              style={{ maxWidth: '12em' }}
            />
            <FieldError id={`${p}-province-err`} message={err('province')} />
          </div>
          <div className="field">
            <label htmlFor={`${p}-city`}>所属城市（选填）</label>
            <input
              id={`${p}-city`}
              name="city"
              defaultValue={v('city', city)}
              aria-invalid={err('city') ? true : undefined}
              aria-describedby={described('city')}
              style={{ maxWidth: '12em' }}
            />
            <FieldError id={`${p}-city-err`} message={err('city')} />
          </div>
        </div>
      )}
      {fields.weight && (
        <div className="field">
          <label htmlFor={`${p}-weight`}>{fields.weight === 'sentiment' ? '权重' : '倍数'}</label>
          <input
            id={`${p}-weight`}
            name="weight"
            className="num"
            inputMode="decimal"
            defaultValue={v('weight', entry ? String(entry.weight) : '')}
            aria-invalid={err('weight') ? true : undefined}
            aria-describedby={described('weight', true)}
          />
          <p id={`${p}-weight-help`} className="field-help">
            {fields.weight === 'sentiment'
              ? `${SENTIMENT_WEIGHT_MIN} 到 ${SENTIMENT_WEIGHT_MAX}，负数为负面、正数为正面，绝对值越大越强（如 封口费 -3，获救 2）。`
              : `大于 0、不超过 ${DEGREE_MAX}：1.5 表示加强一半，0.5 表示减弱一半。`}
          </p>
          <FieldError id={`${p}-weight-err`} message={err('weight')} />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${p}-note`}>说明（选填）</label>
        <input
          id={`${p}-note`}
          name="note"
          defaultValue={v('note', entry?.note ?? '')}
          maxLength={NOTE_MAX + 10}
          aria-invalid={err('note') ? true : undefined}
          aria-describedby={described('note')}
        />
        <FieldError id={`${p}-note-err`} message={err('note')} />
      </div>
      <div className="field">
        <label>
          <input type="checkbox" name="enabled" defaultChecked={state.values ? state.values.enabled === 'on' : (entry?.enabled ?? true)} /> 启用
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={pending}>
          {pending ? '正在保存…' : entry ? '保存修改' : '添加词条'}
        </button>
        <span className="muted small">保存后词典版本加一，已入库信息在后台重新分析。</span>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
