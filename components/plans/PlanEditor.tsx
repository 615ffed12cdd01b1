'use client';
/**
 * The plan editor: name, use, tier, accident types and grades it fits, ordered steps (title,
 * responsible role or unit, due hours from activation, optional), 口径 with Q&A, spokesperson,
 * liaison and channels. Blank rows are ignored; each error is shown next to its field in Chinese and
 * nothing is saved until all are fixed.
 */
import Link from 'next/link';
import { useActionState, useId } from 'react';
import type { ReactNode } from 'react';
import { deletePlanAction, savePlanAction } from '@/app/plans/actions';
import { ACCIDENT_TYPES } from '@/lib/analysis/accident';
import { BUSINESS_ROLES, ROLE_LABELS } from '@/lib/auth/roles';
import { BLANK_QA_ROWS, BLANK_STEP_ROWS, filledRows } from '@/lib/plans/forms';
import type { PlanFormState } from '@/lib/plans/forms';
import { CHANNELS, GRADES, PLAN_SCOPES, PLAN_TIERS, SCOPE_LABELS, TIER_ROUTES } from '@/lib/plans/schema';
import { IDLE } from '@/lib/settings/form-state';
import { ReleasePlanFields } from '@/components/releases/ReleasePlanFields';
import './plans.css';

/** Suggestions for the responsible field: our roles and the units §4.1 names. */
const RESPONSIBLE_SUGGESTIONS = [...BUSINESS_ROLES.map((r) => ROLE_LABELS[r]), '宣教办', '新闻发言人', '责任单位', '属地应急管理部门', '网信部门'];

export interface PlanEditorProps {
  id: number | null;
  version: number | null;
  initial: Record<string, string>;
  builtIn: boolean;
}

function ErrorText({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={id} className="pl-field-error">
      {error}
    </p>
  ) : null;
}

export function PlanEditor({ id, version, initial, builtIn }: PlanEditorProps) {
  const [state, formAction, pending] = useActionState<PlanFormState, FormData>(savePlanAction, IDLE);
  const uid = useId();
  const values = state.values ?? initial;
  const errors = state.errors;
  const v = (k: string) => values[k] ?? '';
  const has = (k: string, item: string) => v(k).split(',').includes(item);
  const invalid = (k: string) => (errors[k] ? { 'aria-invalid': true as const, 'aria-describedby': `${uid}-${k}-err` } : {});
  const stepRows = filledRows(values, 'step') + BLANK_STEP_ROWS;
  const qaRows = filledRows(values, 'qa') + BLANK_QA_ROWS;

  const text = (name: string, label: string, opts: { required?: boolean; max: number; help?: ReactNode; area?: boolean }) => (
    <div className="pl-field">
      <label htmlFor={`${uid}-${name}`}>
        {label}
        {opts.required ? '（必填）' : '（可选）'}
      </label>
      {opts.help ? <p className="pl-field-help">{opts.help}</p> : null}
      {opts.area ? (
        <textarea id={`${uid}-${name}`} name={name} maxLength={opts.max} defaultValue={v(name)} {...invalid(name)} />
      ) : (
        <input id={`${uid}-${name}`} type="text" name={name} maxLength={opts.max} defaultValue={v(name)} {...invalid(name)} />
      )}
      <ErrorText id={`${uid}-${name}-err`} error={errors[name]} />
    </div>
  );

  return (
    <div className="pl-page">
      <p className="small">
        <Link href="/plans">← 返回预案库</Link>
      </p>
      <h1>{id === null ? '新建应对预案' : `修改应对预案${builtIn ? '（内置）' : ''}`}</h1>
      <form action={formAction} noValidate aria-label="应对预案" className="card">
        {id !== null ? <input type="hidden" name="id" value={id} /> : null}
        {version !== null ? <input type="hidden" name="expectedVersion" value={version} /> : null}
        <div className="pl-grid">
          {text('name', '预案名称', { required: true, max: 80 })}
          {text('summary', '适用说明', { max: 500 })}
        </div>

        <fieldset className="pl-fieldset" {...invalid('scope')}>
          <legend>预案用途（必填）</legend>
          <div className="pl-choices">
            {PLAN_SCOPES.map((s) => (
              <label key={s}>
                <input type="radio" name="scope" value={s} defaultChecked={v('scope') === s} /> {SCOPE_LABELS[s]}
              </label>
            ))}
          </div>
          <ErrorText id={`${uid}-scope-err`} error={errors.scope} />
        </fieldset>

        <fieldset className="pl-fieldset" {...invalid('tier')}>
          <legend>舆情层级（必填）</legend>
          <div className="pl-choices">
            {PLAN_TIERS.map((t) => (
              <label key={t} title={TIER_ROUTES[t]}>
                <input type="radio" name="tier" value={t} defaultChecked={v('tier') === t} /> {t}
              </label>
            ))}
          </div>
          <p className="pl-field-help">一般：本单位负责人审核；较大：分管领导审核、形成简报；重大以上：启动舆情应急预案、形成专报报主要领导批示。</p>
          <ErrorText id={`${uid}-tier-err`} error={errors.tier} />
        </fieldset>

        <fieldset className="pl-fieldset" {...invalid('grades')}>
          <legend>适用事故等级（至少选一个）</legend>
          <div className="pl-choices">
            {GRADES.map((g) => (
              <label key={g}>
                <input type="checkbox" name="grades" value={g} defaultChecked={has('grades', g)} /> {g}
              </label>
            ))}
          </div>
          <ErrorText id={`${uid}-grades-err`} error={errors.grades} />
        </fieldset>

        <fieldset className="pl-fieldset" {...invalid('types')}>
          <legend>适用事故类型（GB 6441；不选即适用全部类型）</legend>
          <div className="pl-choices">
            {Object.entries(ACCIDENT_TYPES)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([code, name]) => (
              <label key={code}>
                <input type="checkbox" name="types" value={code} defaultChecked={has('types', code)} /> {name}
              </label>
            ))}
          </div>
          <ErrorText id={`${uid}-types-err`} error={errors.types} />
        </fieldset>

        <fieldset className="pl-fieldset">
          <legend>处置步骤（按顺序；空行不保存）</legend>
          <ErrorText id={`${uid}-steps-err`} error={errors.steps} />
          <datalist id={`${uid}-roles`}>
            {RESPONSIBLE_SUGGESTIONS.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
          <table className="pl-rows">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">步骤内容</th>
                <th scope="col">责任角色或单位</th>
                <th scope="col">启动后几小时内</th>
                <th scope="col">可选</th>
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: stepRows }, (_, i) => (
                <tr key={i}>
                  <td>{i + 1}</td>
                  {(['title', 'responsible', 'hours'] as const).map((f) => {
                    const k = `step-${i}-${f}`;
                    const label = f === 'title' ? '步骤内容' : f === 'responsible' ? '责任角色或单位' : '时限（小时，空为不限）';
                    return (
                      <td key={f}>
                        <input
                          type="text"
                          name={k}
                          aria-label={`第 ${i + 1} 步${label}`}
                          className={f === 'hours' ? 'pl-hours' : undefined}
                          inputMode={f === 'hours' ? 'decimal' : undefined}
                          list={f === 'responsible' ? `${uid}-roles` : undefined}
                          defaultValue={v(k)}
                          {...invalid(k)}
                        />
                        <ErrorText id={`${uid}-${k}-err`} error={errors[k]} />
                      </td>
                    );
                  })}
                  <td>
                    <input type="checkbox" name={`step-${i}-optional`} aria-label={`第 ${i + 1} 步为可选`} defaultChecked={v(`step-${i}-optional`) === 'on'} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="pl-field-help">需要更多行时先保存，再次打开会多出空行。</p>
        </fieldset>

        <fieldset className="pl-fieldset">
          <legend>口径</legend>
          {text('core', '核心口径', { required: true, max: 2000, area: true, help: '快报事实、慎报原因：先报已核实的事实，原因以调查结论为准。' })}
          <ErrorText id={`${uid}-qa-err`} error={errors.qa} />
          <table className="pl-rows">
            <thead>
              <tr>
                <th scope="col">可能的问题</th>
                <th scope="col">答复口径</th>
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: qaRows }, (_, i) => (
                <tr key={i}>
                  {(['question', 'answer'] as const).map((f) => {
                    const k = `qa-${i}-${f}`;
                    return (
                      <td key={f}>
                        <input type="text" name={k} aria-label={`第 ${i + 1} 组${f === 'question' ? '问题' : '答复口径'}`} defaultValue={v(k)} {...invalid(k)} />
                        <ErrorText id={`${uid}-${k}-err`} error={errors[k]} />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>

        <div className="pl-grid">
          {text('spokesperson', '新闻发言人', { required: true, max: 60 })}
          {text('liaison', '联络人（宣传、网信协调）', { max: 200 })}
        </div>

        <fieldset className="pl-fieldset" {...invalid('channels')}>
          <legend>发布渠道（至少选一个；按网站→两微一端→发布会→媒体的顺序发布）</legend>
          <div className="pl-choices">
            {CHANNELS.map((c) => (
              <label key={c}>
                <input type="checkbox" name="channels" value={c} defaultChecked={has('channels', c)} /> {c}
              </label>
            ))}
          </div>
          <ErrorText id={`${uid}-channels-err`} error={errors.channels} />
        </fieldset>

        {/* The release-specific fields of DOMAIN §4.2; kept only for 发布前准备 plans. */}
        <ReleasePlanFields values={values} errors={errors} idPrefix={uid} />

        <div className="pl-actions">
          <button type="submit" disabled={pending}>
            {pending ? '正在保存…' : '保存预案'}
          </button>
          <span role="status" aria-live="polite" className={`pl-form-message ${state.status}`}>
            {state.status === 'idle' ? '' : state.message}
          </span>
        </div>
      </form>
      {id !== null && !builtIn ? <DeletePlanForm id={id} /> : null}
    </div>
  );
}

function DeletePlanForm({ id }: { id: number }) {
  const [state, formAction, pending] = useActionState<PlanFormState, FormData>(deletePlanAction, IDLE);
  return (
    <form action={formAction} className="pl-actions" aria-label="删除预案">
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending}>
        {pending ? '正在删除…' : '删除此预案'}
      </button>
      <span className="small muted">已启动的记录保留启动时的内容。</span>
      <span role="status" aria-live="polite" className={`pl-form-message ${state.status}`}>
        {state.status === 'idle' ? '' : state.message}
      </span>
    </form>
  );
}
