'use client';
/**
 * 登记申请: the applicant (第29条), the channel, and the receipt date the channel's rule asks for
 * (第31条). Choosing a channel shows only its date fields; the server decides the receipt date.
 */
import { useActionState, useState } from 'react';
import { registerDisclosureAction } from '@/app/disclosure/actions';
import { IDLE } from '@/lib/settings/form-state';
import { keepValues } from './keep-values';
import { CHANNELS, POST_KINDS, type Channel } from '@/lib/workflow/disclosure-deadline';
import { receiptFieldsFor } from '@/lib/workflow/disclosure-form';
import { APPLICANT_TYPES } from '@/lib/workflow/disclosure-stats';
import { Field } from '@/components/forms/Field';

const CHANNEL_RULES: Record<Channel, string> = {
  当面: '第31条第（一）项：以提交之日为收到申请之日。',
  邮寄: '第31条第（二）项：以本机关签收之日为收到申请之日；平常信函等无需签收的，应于收到当日与申请人确认，以确认之日为收到申请之日。',
  网络: '第31条第（三）项：通过互联网渠道提交的，以双方确认之日为收到申请之日。',
  传真: '第31条第（三）项：通过政府信息公开工作机构的传真提交的，以双方确认之日为收到申请之日。',
  其他: '第31条未列明该渠道：按双方确认之日计算，请核对本机关规定。',
};

const TYPE_OPTIONS = Object.entries(APPLICANT_TYPES).map(([value, label]) => ({
  value,
  label,
  group: value === 'natural_person' ? undefined : '法人或其他组织',
}));

export function RegisterForm({ today }: { today: string }) {
  const [state, formAction, pending] = useActionState(registerDisclosureAction, IDLE);
  const [channel, setChannel] = useState<Channel>('当面');
  const [postKind, setPostKind] = useState<string>('需签收');
  const v = (name: string): string | undefined => state.values?.[name];
  const e = (name: string): string | undefined => state.errors[name];
  const dateFields = receiptFieldsFor(channel, channel === '邮寄' ? postKind : undefined);
  return (
    <form action={formAction} onSubmit={keepValues(formAction)} noValidate aria-label="登记依申请公开申请" className="dc-register">
      <fieldset className="card">
        <legend>申请人（第29条）</legend>
        <div className="dc-grid">
          <Field classPrefix="dc" idPrefix="reg" spec={{ name: 'applicantName', label: '申请人姓名或名称', kind: 'text', required: true, maxLength: 100 }} value={v('applicantName')} error={e('applicantName')} />
          <Field classPrefix="dc" idPrefix="reg" spec={{ name: 'applicantType', label: '申请人类型', kind: 'select', required: true, options: TYPE_OPTIONS, help: '按年度报告“申请人情况”分类' }} value={v('applicantType')} error={e('applicantType')} />
          <Field classPrefix="dc" idPrefix="reg" spec={{ name: 'contact', label: '联系方式', kind: 'text', required: true, maxLength: 200, help: '电话、地址或电子邮箱' }} value={v('contact')} error={e('contact')} />
        </div>
        <Field classPrefix="dc" idPrefix="reg" spec={{ name: 'description', label: '申请公开的信息', kind: 'textarea', required: true, maxLength: 2000, help: '名称、文号或便于查找的其他特征性描述' }} value={v('description')} error={e('description')} />
      </fieldset>
      <fieldset className="card">
        <legend>提交渠道与收到日期（第31条）</legend>
        <div className="dc-grid">
          <div className="dc-field">
            <label htmlFor="reg-channel">
              提交渠道<span className="dc-required">（必填）</span>
            </label>
            <select
              id="reg-channel"
              name="channel"
              value={channel}
              onChange={(ev) => setChannel(ev.target.value as Channel)}
              aria-describedby={['reg-channel-help', e('channel') ? 'reg-channel-err' : null].filter(Boolean).join(' ')}
              aria-invalid={e('channel') ? true : undefined}
            >
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
            <p id="reg-channel-help" className="dc-field-help">
              {CHANNEL_RULES[channel]}
            </p>
            {e('channel') ? (
              <p id="reg-channel-err" className="dc-field-error">
                {e('channel')}
              </p>
            ) : null}
          </div>
          {channel === '邮寄' ? (
            <div className="dc-field">
              <label htmlFor="reg-postKind">邮寄方式</label>
              <select id="reg-postKind" name="postKind" value={postKind} onChange={(ev) => setPostKind(ev.target.value)} aria-invalid={e('postKind') ? true : undefined}>
                {POST_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k === '需签收' ? '需签收（挂号、EMS 等）' : '平常信函（无需签收）'}
                  </option>
                ))}
              </select>
              {e('postKind') ? <p className="dc-field-error">{e('postKind')}</p> : null}
            </div>
          ) : null}
          {dateFields.map((f) => (
            <Field
              classPrefix="dc"
              key={`${channel}-${postKind}-${f.name}`}
              idPrefix="reg"
              spec={{ name: f.name, label: f.label, kind: 'date', required: f.required, help: `不晚于今天（${today}）` }}
              value={v(f.name)}
              error={e(f.name)}
            />
          ))}
        </div>
        <Field classPrefix="dc" idPrefix="reg" spec={{ name: 'note', label: '说明（可选）', kind: 'textarea', maxLength: 500 }} value={v('note')} error={e('note')} />
      </fieldset>
      <button type="submit" disabled={pending}>
        {pending ? '正在登记…' : '登记申请'}
      </button>
      {state.message && state.status !== 'idle' ? (
        <p className={`dc-form-message ${state.status}`} role={state.status === 'error' ? 'alert' : 'status'}>
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
