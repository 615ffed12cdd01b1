'use client';
import { useActionState } from 'react';
import { savePolicyAction } from '@/app/admin/security/actions';
import { FieldError, FormMessage } from './AdminBits';
import { ADMIN_IDLE } from './form-state';

export interface PolicyFieldView {
  key: string;
  label: string;
  unit: string;
  help: string;
  value: string;
  defaultValue: string;
}

/** 安全策略: every value with its default and why; saving is audited (policy.update). */
export function PolicyForm({ fields, totp, totpHelp }: { fields: readonly PolicyFieldView[]; totp: { value: boolean; defaultValue: boolean }; totpHelp: string }) {
  const [state, formAction, pending] = useActionState(savePolicyAction, ADMIN_IDLE);
  const value = (f: PolicyFieldView): string => (state.values ? (state.values[f.key] ?? '') : f.value);
  const totpChecked = state.values ? state.values.adminTotpRequired === 'on' : totp.value;
  return (
    <form action={formAction} noValidate aria-label="安全策略">
      <div className="adm-policy">
        {fields.map((f) => {
          const id = `policy-${f.key}`;
          const error = state.errors[f.key];
          return (
            <div className="adm-field" key={f.key}>
              <label htmlFor={id}>{f.label}</label>
              <span>
                <input
                  id={id}
                  name={f.key}
                  inputMode="numeric"
                  defaultValue={value(f)}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={`${id}-help${error ? ` ${id}-err` : ''}`}
                />
                <span className="adm-unit">{f.unit}</span>
              </span>
              <p id={`${id}-help`} className="adm-help">
                {f.help} 默认 {f.defaultValue}。
              </p>
              <FieldError id={`${id}-err`} message={error} />
            </div>
          );
        })}
      </div>
      <label className="adm-check" htmlFor="policy-adminTotpRequired">
        <input id="policy-adminTotpRequired" type="checkbox" name="adminTotpRequired" defaultChecked={totpChecked} aria-describedby="policy-totp-help" />
        <span>
          三员账号必须使用动态口令（TOTP）
          <span id="policy-totp-help" className="adm-help" style={{ display: 'block' }}>
            {totpHelp} 默认{totp.defaultValue ? '开启' : '关闭'}。
          </span>
        </span>
      </label>
      <div className="adm-actions-row" style={{ marginTop: 10 }}>
        <button type="submit" className="adm-btn primary" disabled={pending}>
          {pending ? '正在保存…' : '保存安全策略'}
        </button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
