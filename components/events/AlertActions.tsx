'use client';
/**
 * Acknowledge / assign / resolve / reopen one alert. Reusable wherever an alert is shown (event
 * page, overview): give it the alert's id, state and assignee. The actor is the signed-in person
 * (the server action reads it from the session). A refused step shows the reason in Chinese; no dialogs.
 */
import { useActionState, useId } from 'react';
import { alertAction } from './alert-action';
import type { AlertActionState } from './alert-action';
import './events.css';

export interface AlertActionsProps {
  alert: { id: number; state: string; assignedTo: string | null };
}

export function AlertActions({ alert }: AlertActionsProps) {
  const [result, dispatch, pending] = useActionState<AlertActionState, FormData>(alertAction, null);
  const id = useId();
  const resolved = alert.state === 'resolved';

  return (
    <form action={dispatch} className="alert-actions" aria-label={`处置预警 #${alert.id}`}>
      <input type="hidden" name="alertId" value={alert.id} />
      <input type="hidden" name="expectedState" value={alert.state} />
      <div className="alert-actions-fields">
        {!resolved && (
          <label htmlFor={`${id}-assignee`}>
            承办人
            <input id={`${id}-assignee`} name="assignee" maxLength={40} defaultValue={alert.assignedTo ?? ''} placeholder="分派时填写" />
          </label>
        )}
        <label htmlFor={`${id}-note`} className="wide">
          说明
          <input
            id={`${id}-note`}
            name="note"
            maxLength={500}
            placeholder={resolved ? '重新打开的原因（可选）' : '办结时必填：处理结果，如“已发布权威信息”'}
          />
        </label>
      </div>
      <div className="alert-actions-buttons">
        {resolved ? (
          <button type="submit" name="op" value="reopen" disabled={pending}>
            重新打开
          </button>
        ) : (
          <>
            {alert.state === 'open' && (
              <button type="submit" name="op" value="acknowledge" disabled={pending}>
                确认
              </button>
            )}
            <button type="submit" name="op" value="assign" disabled={pending}>
              分派
            </button>
            <button type="submit" name="op" value="resolve" disabled={pending}>
              办结
            </button>
          </>
        )}
        {pending && <span className="muted small">正在提交…</span>}
      </div>
      <p className={`alert-actions-result ${result ? (result.ok ? 'ok' : 'refused') : ''}`} role="status" aria-live="polite">
        {result ? (result.ok ? result.message : `未执行：${result.error}`) : ''}
      </p>
    </form>
  );
}
