'use server';
/**
 * Server actions of the settings pages. Each one validates with the lib/settings schema shared with
 * the CLIs, writes through lib/db (nothing is written when validation fails) and returns field
 * errors in Chinese. Each first checks that the signed-in person may change settings (the DAL), and
 * records that person as the author and in the audit log.
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { config } from '@/lib/config';
import {
  appendAudit,
  db,
  deleteTopicAndRetag,
  findLexiconEntry,
  getChannelForTest,
  getLexiconEntryById,
  getSetting,
  getTopicPreviewItems,
  putSetting,
  saveLexiconEntryAndReanalyse,
  saveTopicAndRetag,
  setTopicEnabledAndRetag,
} from '@/lib/db';
import { channelConfigSchema } from '@/lib/notify/channels';
import { sendNotification } from '@/lib/notify/send';
import { SETTING_CLOCKS, SETTING_THRESHOLDS } from '@/lib/pipeline/detect';
import { actorAuditContext, requirePermission } from '@/lib/auth/dal';
import { actionLimiter, throttledMessage } from '@/lib/auth/throttle';
import { accountActor } from '@/lib/settings/actor';
import { applyClockForm, effectiveClocks, resetClocks } from '@/lib/settings/clocks';
import { failed, formChecked, formText, formValues, saved } from '@/lib/settings/form-state';
import type { FormState } from '@/lib/settings/form-state';
import type { AuditContext } from '@/lib/db';
import { LEXICON_KIND_LABELS, parseLexiconForm, termLabel } from '@/lib/settings/lexicon-form';
import type { LexiconEntryKind } from '@/lib/analysis/lexicon';
import { channelSendOptions, channelTestMessage, testSendAudit } from '@/lib/settings/notifications';
import { applyThresholdForm, effectiveThresholds, resetThresholds } from '@/lib/settings/thresholds';
import type { SettingUpdate } from '@/lib/settings/thresholds';
import { TopicInputSchema, checkTopicRule, ruleErrorPosition, ruleErrorText, topicFormFields } from '@/lib/settings/topic-form';
import type { TopicFormState, TopicPreviewState } from '@/lib/settings/topic-form';
import { TOPIC_PREVIEW_LIMIT, previewSince, previewTopic } from '@/lib/settings/topic-preview';

/** The signed-in person allowed to change settings: `by` for updatedBy columns, `audit` for the log. */
async function settingsActor(): Promise<{ by: string; audit: AuditContext; userId: string }> {
  const actor = await requirePermission('settings.manage');
  return { by: accountActor(actor.username), audit: await actorAuditContext(actor), userId: actor.userId };
}

// ---------------------------------------------------------------- topics

export async function saveTopicAction(topicId: number | null, _prev: TopicFormState, fd: FormData): Promise<TopicFormState> {
  const actor = await settingsActor();
  const input = TopicInputSchema.safeParse(topicFormFields(fd));
  if (!input.success) {
    const errors: Record<string, string> = {};
    for (const issue of input.error.issues) errors[String(issue.path[0] ?? '')] ??= issue.message;
    return { status: 'error', message: '有错误，未保存。请按提示修改后重试。', errors, rulePosition: ruleErrorPosition(input.error) };
  }
  const r = await saveTopicAndRetag(db(), { id: topicId, ...input.data }, actor.by, actor.audit);
  if (!r.ok) return { status: 'error', message: r.message, errors: r.field === 'name' ? { name: r.message } : {}, rulePosition: null };
  revalidatePath('/settings', 'layout');
  redirect(`/settings/topics?saved=${r.topic.id}`);
}

export async function previewTopicAction(_prev: TopicPreviewState, fd: FormData): Promise<TopicPreviewState> {
  await requirePermission('settings.read');
  const rule = formText(fd, 'rule');
  const check = checkTopicRule(rule);
  if (!check.ok) return { status: 'error', message: ruleErrorText(check.error), rulePosition: check.error.position, rule, preview: null };
  const now = new Date();
  const { items, truncated } = await getTopicPreviewItems(db(), { since: previewSince(now), limit: TOPIC_PREVIEW_LIMIT });
  return { status: 'done', message: null, rulePosition: null, rule, preview: previewTopic(check.rule, items, { truncated }) };
}

export async function setTopicEnabledAction(topicId: number, enabled: boolean): Promise<void> {
  const actor = await settingsActor();
  await setTopicEnabledAndRetag(db(), topicId, enabled, actor.by, actor.audit);
  revalidatePath('/settings', 'layout');
}

export async function deleteTopicAction(topicId: number, _prev: FormState, fd: FormData): Promise<FormState> {
  const actor = await settingsActor();
  if (!formChecked(fd, 'confirm')) return failed({ confirm: '请先勾选“确认删除”' }, null, '未删除。');
  const r = await deleteTopicAndRetag(db(), topicId, actor.by, actor.audit);
  if (!r.ok) return failed({}, null, r.message);
  revalidatePath('/settings', 'layout');
  redirect('/settings/topics?deleted=1');
}

// ---------------------------------------------------------------- lexicon

export async function saveLexiconEntryAction(entryId: number | null, _prev: FormState, fd: FormData): Promise<FormState> {
  const actor = await settingsActor();
  const values = formValues(fd);
  const client = db();
  const existing = entryId === null ? null : await getLexiconEntryById(client, entryId);
  if (entryId !== null && !existing) return failed({}, values, '该词条已不存在。');
  const parsed = parseLexiconForm(fd, existing ? { kind: existing.kind as LexiconEntryKind, term: existing.term } : null);
  if (!parsed.ok) return failed(parsed.errors, values);
  // Each change re-analyses every stored item: a few a minute per account (TESTPLAN S22).
  const allowed = actionLimiter('reanalysis').take(actor.userId, new Date());
  if (!allowed.allowed) return failed({}, values, throttledMessage(allowed));
  const edit = parsed.edit;
  if (!existing) {
    const clash = await findLexiconEntry(client, edit.kind, edit.term);
    if (clash) return failed({ term: `“${termLabel(edit.term)}”已在${LEXICON_KIND_LABELS[edit.kind]}中（编号 ${clash.id}），请在列表中找到它修改` }, values);
  }
  const r = await saveLexiconEntryAndReanalyse(client, { ...edit, by: actor.by }, actor.audit);
  revalidatePath('/settings', 'layout');
  return saved(`已保存“${termLabel(edit.term)}”。词典版本升至 ${r.version}，后台重新分析任务 #${r.jobId} 已排队。`);
}

// ---------------------------------------------------------------- thresholds and clocks

async function storeSetting(key: string, update: SettingUpdate<unknown>, fd: FormData, done: string): Promise<FormState> {
  const actor = await settingsActor();
  if (!update.ok) return failed(update.errors, formValues(fd));
  await putSetting(db(), key, update.stored, actor.by, actor.audit);
  revalidatePath('/settings', 'layout');
  return saved(done);
}

export async function thresholdsAction(groupId: string, _prev: FormState, fd: FormData): Promise<FormState> {
  await settingsActor();
  const current = effectiveThresholds(await getSetting(db(), SETTING_THRESHOLDS)).value;
  const reset = formText(fd, 'intent') === 'reset';
  if (reset && groupId === 'all' && !formChecked(fd, 'confirm')) return failed({ confirm: '请先勾选确认' }, formValues(fd), '未恢复。');
  const update = reset ? resetThresholds(current, groupId) : applyThresholdForm(current, groupId, fd);
  return storeSetting(SETTING_THRESHOLDS, update, fd, reset ? '已恢复默认值，下一次检测起生效。' : '已保存，下一次检测起生效。');
}

export async function clocksAction(groupId: string, _prev: FormState, fd: FormData): Promise<FormState> {
  await settingsActor();
  const current = effectiveClocks(await getSetting(db(), SETTING_CLOCKS)).value;
  const reset = formText(fd, 'intent') === 'reset';
  if (reset && groupId === 'all' && !formChecked(fd, 'confirm')) return failed({ confirm: '请先勾选确认' }, formValues(fd), '未恢复。');
  const update = reset ? resetClocks(current, groupId) : applyClockForm(current, groupId, fd);
  return storeSetting(SETTING_CLOCKS, update, fd, reset ? '已恢复默认值，之后新出现的事件按此计时。' : '已保存，之后新出现的事件按此计时。');
}

// ---------------------------------------------------------------- notifications

export async function testChannelAction(channelId: number, _prev: FormState, _fd: FormData): Promise<FormState> {
  const actor = await settingsActor();
  const cfg = config();
  const row = await getChannelForTest(db(), channelId);
  if (!row) return failed({}, null, '该通道已不存在。');
  let raw: unknown;
  try {
    raw = JSON.parse(row.configJson) as unknown;
  } catch {
    return failed({}, null, '通道配置已损坏（不是有效的 JSON），请用命令行重新配置。');
  }
  const p = channelConfigSchema({ allowPrivate: cfg.notify.allowPrivate }).safeParse(raw);
  if (!p.success) return failed({}, null, `通道配置有误：${p.error.issues.map((i) => i.message).join('；')}`);
  const now = new Date();
  const r = await sendNotification(p.data, channelTestMessage(now), channelSendOptions(cfg, now));
  await appendAudit(db(), actor.audit, testSendAudit({ id: row.id, name: row.name, kind: p.data.kind }, r));
  return r.ok ? saved(`测试消息已送达（${r.detail}）。`) : failed({}, null, `发送失败（${r.retryable ? '可稍后重试' : '请检查配置'}）：${r.error}`);
}
