/**
 * Acknowledge, assign, resolve and reopen an alert from the dashboard: the form is validated with
 * zod, the step with the lifecycle state machine of lib/warning (the same one the alerts CLI uses),
 * and stored with who and when. Accounts arrive later: the actor is recorded as typed.
 */
import { z } from 'zod';
import { optionalText } from '@/lib/settings/form-text';
import { getAlert, recordAlertTransition } from '@/lib/db';
import type { AuditContext } from '@/lib/db';
import type { AlertState as StoredState, Db } from '@/lib/db';
import { alertStateOf } from '@/lib/pipeline/detect';
import { transition } from '@/lib/warning/dedupe';
import type { LifecycleAction } from '@/lib/warning/dedupe';
import { ALERT_STATE_LABELS } from '@/lib/warning/labels';
import { DEFAULT_THRESHOLDS } from '@/lib/warning/levels';

export const ALERT_OPS = { acknowledge: '确认', assign: '分派', resolve: '办结', reopen: '重新打开' } as const;
export type AlertOp = keyof typeof ALERT_OPS;

const STATES = ['open', 'acknowledged', 'assigned', 'resolved'] as const;


const name = (what: string) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(1, { error: `请填写${what}` })
    .max(40, { error: `${what}不能超过 40 个字` })
    // A name, not markup or a line break smuggled into logs and notifications.
    .regex(/^[^\p{Cc}<>]+$/u, { error: `${what}含有不允许的字符` });

export const AlertActionSchema = z.object({
  alertId: z.coerce.number({ error: '预警编号无效' }).int({ error: '预警编号无效' }).positive({ error: '预警编号无效' }),
  op: z.enum(Object.keys(ALERT_OPS) as [AlertOp, ...AlertOp[]], { error: '未知的操作' }),
  /** The state the person saw: a step on an alert someone else changed meanwhile is refused. */
  expectedState: z.enum(STATES).optional(),
  actor: name('操作人'),
  assignee: optionalText(40, '承办人'),
  note: optionalText(500, '说明'),
});
export type AlertActionInput = z.output<typeof AlertActionSchema>;

export type AlertActionResult =
  | { ok: true; alertId: number; state: StoredState; message: string }
  | { ok: false; alertId: number | null; error: string };

/** FormData (or any record) → validated input, or the first problem in Chinese. */
export function parseAlertAction(raw: Record<string, unknown>): { ok: true; input: AlertActionInput } | { ok: false; error: string } {
  const r = AlertActionSchema.safeParse(raw);
  if (r.success) return { ok: true, input: r.data };
  return { ok: false, error: r.error.issues[0]?.message ?? '表单有误' };
}

/** Applies one lifecycle step at `now`; an illegal step is refused with the state machine's reason. */
export async function applyAlertAction(
  client: Db,
  input: AlertActionInput,
  now: Date,
  audit?: AuditContext,
): Promise<AlertActionResult> {
  const { alertId, op, actor } = input;
  const row = await getAlert(client, alertId);
  if (!row) return { ok: false, alertId, error: `没有编号为 ${alertId} 的预警` };
  if (input.expectedState && row.state !== input.expectedState) {
    return {
      ok: false,
      alertId,
      error: `预警 #${alertId} 已被更新为“${ALERT_STATE_LABELS[row.state] ?? row.state}”，请核对最新状态后再操作`,
    };
  }
  const note = input.note;
  let action: LifecycleAction;
  if (op === 'acknowledge') action = { type: 'acknowledge', by: actor, at: now, ...(note ? { note } : {}) };
  else if (op === 'assign') {
    if (!input.assignee) return { ok: false, alertId, error: '分派预警须填写承办人' };
    action = { type: 'assign', by: actor, at: now, assignee: input.assignee, ...(note ? { note } : {}) };
  } else if (op === 'resolve') {
    if (!note) return { ok: false, alertId, error: '办结预警须在“说明”中填写处理结果' };
    action = { type: 'resolve', by: actor, at: now, resolution: note };
  } else action = { type: 'reopen', by: actor, at: now, ...(note ? { note } : {}) };

  const state = alertStateOf(row, DEFAULT_THRESHOLDS);
  // As the CLI does: the alert's log orders the lifecycle; the assignee makes a repeat assignment visible.
  state.history = row.actions.map((a) => ({ at: a.at, by: a.actor, from: null, to: state.status, note: a.note ?? undefined }));
  state.assignee = row.assignedTo;
  state.acknowledgedAt = row.acknowledgedAt;
  state.acknowledgedBy = row.acknowledgedBy;
  const r = transition(state, action, now);
  if (!r.ok) return { ok: false, alertId, error: r.error };
  const to: StoredState = r.alert.status;
  await recordAlertTransition(client, {
    id: alertId,
    to,
    actor,
    at: now,
    ...(action.type === 'assign' ? { assignee: action.assignee } : {}),
    ...(note ? { note } : {}),
  }, audit);
  const done = op === 'assign' ? `已分派给 ${input.assignee ?? ''}` : `已${ALERT_OPS[op]}`;
  return { ok: true, alertId, state: to, message: `预警 #${alertId} ${done}（操作人：${actor}）` };
}
