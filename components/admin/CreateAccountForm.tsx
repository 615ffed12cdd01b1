'use client';
import { useActionState } from 'react';
import { createAccountAction } from '@/app/admin/users/actions';
import { FieldError, FormMessage, OneTimePassword } from './AdminBits';
import { ADMIN_IDLE } from './form-state';

/** 新建账号: username and 姓名 only; the account starts with no role and a one-time password. */
export function CreateAccountForm() {
  const [state, formAction, pending] = useActionState(createAccountAction, ADMIN_IDLE);
  const v = state.values ?? {};
  return (
    <form action={formAction} noValidate aria-label="新建账号">
      <div className="adm-form">
        <div className="adm-field">
          <label htmlFor="new-username">用户名</label>
          <input
            id="new-username"
            name="username"
            defaultValue={v.username ?? ''}
            maxLength={32}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={state.errors.username ? true : undefined}
            aria-describedby={state.errors.username ? 'new-username-err' : 'new-username-help'}
          />
          <p id="new-username-help" className="adm-help">
            3–32 个字符：字母、数字、_ . -，以字母开头，不区分大小写（如 zhangsan、li.si）。
          </p>
          <FieldError id="new-username-err" message={state.errors.username} />
        </div>
        <div className="adm-field">
          <label htmlFor="new-name">姓名</label>
          <input
            id="new-name"
            name="name"
            defaultValue={v.name ?? ''}
            maxLength={40}
            autoComplete="off"
            aria-invalid={state.errors.name ? true : undefined}
            aria-describedby={state.errors.name ? 'new-name-err' : 'new-name-help'}
          />
          <p id="new-name-help" className="adm-help">
            1–40 个字符，显示在审计日志和处置记录中。
          </p>
          <FieldError id="new-name-err" message={state.errors.name} />
        </div>
      </div>
      <p className="adm-help">新账号没有任何角色（三员分立：角色由安全管理员授予）。系统生成一次性密码，本人首次登录时必须修改。</p>
      <div className="adm-actions-row" style={{ marginTop: 8 }}>
        <button type="submit" className="adm-btn primary" disabled={pending}>
          {pending ? '正在创建…' : '创建账号'}
        </button>
      </div>
      <FormMessage state={state} />
      <OneTimePassword state={state} />
    </form>
  );
}
