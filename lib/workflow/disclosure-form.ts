/**
 * The 依申请公开 forms: what a press officer types, checked field by field and turned into the
 * DisclosureEvent the clock replays (lib/workflow/disclosure-deadline.ts). Pure: the server actions
 * hand in the submitted values and today's Asia/Shanghai day; errors come back in Chinese, keyed by
 * the form field's name, so each one is shown next to its field.
 *
 * What is checked here is what a single form can know (required fields, formats, no date after
 * today, the receipt date of art. 31 for the chosen channel). Whether a step is possible at this
 * point of the case (e.g. a second 补正, an extension after the due date) is the clock's decision,
 * made again inside the write transaction in lib/db/disclosure.ts.
 */
import { z } from 'zod';
import { CalendarDaySchema, type CalendarDay } from './calendar';
import {
  ART36_ITEMS,
  CHANNELS,
  ClosedEventSchema,
  OUTCOME_CATEGORIES,
  OUTCOME_REASONS,
  POST_KINDS,
  REGIME_LIMITS,
  receiptDateOf,
  type Art36Item,
  type Channel,
  type DisclosureEvent,
  type OutcomeCategory,
  type ReceivedEvent,
} from './disclosure-deadline';
import { APPLICANT_TYPES, type ApplicantType } from './disclosure-stats';

export type FormValues = Readonly<Record<string, string | undefined>>;
export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; value: T; warnings: string[] } | { ok: false; errors: FieldErrors };

/** Request numbers: 依申〔2026〕第 12 号. */
export function disclosureNumber(year: number, seq: number): string {
  return `依申〔${year}〕第 ${seq} 号`;
}

export const NOTE_MAX = 500;

const text = (v: string | undefined): string => (v ?? '').normalize('NFKC').trim();

/** A date field: '' is absent; otherwise a real calendar day not after today. */
function dateField(values: FormValues, name: string, today: CalendarDay, errors: FieldErrors, required: string | null): CalendarDay | undefined {
  const raw = text(values[name]);
  if (raw === '') {
    if (required) errors[name] = required;
    return undefined;
  }
  const parsed = CalendarDaySchema.safeParse(raw);
  if (!parsed.success) {
    errors[name] = parsed.error.issues[0]?.message ?? '日期无效';
    return undefined;
  }
  if (parsed.data > today) {
    errors[name] = `日期不能晚于今天（${today}）`;
    return undefined;
  }
  return parsed.data;
}

function choice<K extends string>(values: FormValues, name: string, allowed: readonly K[], errors: FieldErrors, message: string): K | undefined {
  const raw = text(values[name]);
  if ((allowed as readonly string[]).includes(raw)) return raw as K;
  errors[name] = message;
  return undefined;
}

function requiredText(values: FormValues, name: string, max: number, errors: FieldErrors, missing: string, what: string): string {
  const v = text(values[name]);
  if (v === '') errors[name] = missing;
  else if (v.length > max) errors[name] = `${what}最多 ${max} 个字（现为 ${v.length} 个）`;
  return v;
}

function noteOf(values: FormValues, errors: FieldErrors): string | null {
  const v = text(values.note);
  if (v.length > NOTE_MAX) errors.note = `说明最多 ${NOTE_MAX} 个字（现为 ${v.length} 个）`;
  return v === '' ? null : v;
}

// ---------------------------------------------------------------------------------------------
// Registration

export interface RegistrationInput {
  applicantName: string;
  applicantType: ApplicantType;
  contact: string;
  description: string;
  received: ReceivedEvent;
  note: string | null;
}

export interface ReceiptField {
  name: 'submittedOn' | 'signedOn' | 'arrivedOn' | 'confirmedOn';
  label: string;
  required: boolean;
}

/** Which date fields a channel asks for, with their labels (the register form shows only these). */
export function receiptFieldsFor(channel: Channel, postKind: string | undefined): ReceiptField[] {
  switch (channel) {
    case '当面':
      return [{ name: 'submittedOn', label: '当面提交日期', required: true }];
    case '邮寄':
      return postKind === '平常信函'
        ? [
            { name: 'arrivedOn', label: '信函到达日期', required: false },
            { name: 'confirmedOn', label: '与申请人确认日期', required: true },
          ]
        : [{ name: 'signedOn', label: '本机关签收日期', required: true }];
    case '网络':
      return [
        { name: 'submittedOn', label: '申请人提交日期', required: false },
        { name: 'confirmedOn', label: '双方确认日期', required: true },
      ];
    case '传真':
    case '其他':
      return [
        { name: 'submittedOn', label: '申请人发送日期', required: false },
        { name: 'confirmedOn', label: '双方确认日期', required: true },
      ];
  }
}

export function parseRegistrationForm(values: FormValues, today: CalendarDay): FormResult<RegistrationInput> {
  const errors: FieldErrors = {};
  const applicantName = requiredText(values, 'applicantName', 100, errors, '请填写申请人姓名或名称', '申请人');
  const applicantType = choice(values, 'applicantType', Object.keys(APPLICANT_TYPES) as ApplicantType[], errors, '请选择申请人类型');
  const contact = requiredText(values, 'contact', 200, errors, '请填写联系方式（第29条：申请人的联系方式）', '联系方式');
  const description = requiredText(values, 'description', 2000, errors, '请填写所需信息的名称、文号或描述（第29条）', '申请内容');
  const channel = choice(values, 'channel', CHANNELS, errors, '请选择提交渠道');
  const note = noteOf(values, errors);
  let received: ReceivedEvent | null = null;
  if (channel) {
    const postKind = channel === '邮寄' ? choice(values, 'postKind', POST_KINDS, errors, '请选择邮寄方式') : undefined;
    const event: ReceivedEvent = { type: 'received', channel, ...(postKind ? { postKind } : {}) };
    for (const f of receiptFieldsFor(channel, postKind)) {
      const day = dateField(values, f.name, today, errors, f.required ? `请填写${f.label}` : null);
      if (day) event[f.name] = day;
    }
    const receipt = receiptDateOf(event);
    if (receipt.errors.length > 0 && Object.keys(errors).length === 0) {
      errors[receiptFieldsFor(channel, postKind).find((f) => f.required)?.name ?? 'channel'] = receipt.errors.join('；');
    }
    received = event;
  }
  if (Object.keys(errors).length > 0 || !applicantType || !received) return { ok: false, errors };
  return {
    ok: true,
    value: { applicantName, applicantType, contact, description, received, note },
    warnings: receiptDateOf(received).warnings,
  };
}

// ---------------------------------------------------------------------------------------------
// Steps of a case

export const STEP_TYPES = [
  'supplement_requested',
  'supplement_received',
  'supplement_abandoned',
  'consultation_started',
  'consultation_ended',
  'extension_approved',
  'reasonable_delay',
  'closed',
] as const;
export type StepType = (typeof STEP_TYPES)[number];

export interface StepInput {
  event: DisclosureEvent;
  note: string | null;
}

const WORKING_DAYS = z.coerce
  .number({ error: '请填写延长的工作日数' })
  .int('延长的工作日数须为整数')
  .min(1, '延长至少 1 个工作日')
  .max(REGIME_LIMITS.OGI2019.maxExtensionDays, `延长的期限最长不得超过 ${REGIME_LIMITS.OGI2019.maxExtensionDays} 个工作日（第33条）`);

/** Parses one step form (its hidden `type` says which). */
export function parseStepForm(values: FormValues, today: CalendarDay): FormResult<StepInput> {
  const errors: FieldErrors = {};
  const type = choice(values, 'type', STEP_TYPES, errors, '未知的办理步骤');
  const note = noteOf(values, errors);
  if (!type) return { ok: false, errors };
  const on = dateField(values, 'on', today, errors, '请填写日期');
  let event: DisclosureEvent | null = null;
  switch (type) {
    case 'supplement_requested': {
      // The 补正 deadline given to the applicant lies in the future: not capped at today.
      const rawReplyBy = text(values.replyBy);
      let replyBy: CalendarDay | undefined;
      if (rawReplyBy !== '') {
        const p = CalendarDaySchema.safeParse(rawReplyBy);
        if (!p.success) errors.replyBy = p.error.issues[0]?.message ?? '日期无效';
        else if (on && p.data <= on) errors.replyBy = '补正期限须晚于告知日期';
        else replyBy = p.data;
      }
      if (on) event = { type, on, ...(replyBy ? { replyBy } : {}) };
      break;
    }
    case 'supplement_received':
    case 'supplement_abandoned':
      if (on) event = { type, on };
      break;
    case 'consultation_started': {
      const party = choice(values, 'party', ['third_party', 'other_agency'] as const, errors, '请选择征求意见对象');
      const letterReceivedOn = dateField(values, 'letterReceivedOn', today, errors, null);
      if (on && letterReceivedOn && letterReceivedOn < on) errors.letterReceivedOn = '对方收到征求意见书的日期不能早于发出日期';
      const consultationId = text(values.consultationId) || 'default';
      if (on && party) event = { type, on, party, consultationId, ...(letterReceivedOn ? { letterReceivedOn } : {}) };
      break;
    }
    case 'consultation_ended': {
      const consultationId = text(values.consultationId);
      if (consultationId === '') errors.consultationId = '请选择收到哪一项征求意见的答复';
      if (on && consultationId) event = { type, on, consultationId };
      break;
    }
    case 'extension_approved': {
      const days = WORKING_DAYS.safeParse(text(values.workingDays) === '' ? undefined : text(values.workingDays));
      if (!days.success) errors.workingDays = days.error.issues[0]?.message ?? '工作日数无效';
      const approvedBy = requiredText(values, 'approvedBy', 50, errors, '请填写批准人（政府信息公开工作机构负责人，第33条）', '批准人');
      const noticeSentOn = dateField(values, 'noticeSentOn', today, errors, '请填写告知申请人延期的日期');
      if (on && noticeSentOn && noticeSentOn < on) errors.noticeSentOn = '告知申请人的日期不能早于批准日期';
      if (on && days.success && approvedBy && noticeSentOn && !errors.noticeSentOn) {
        event = { type, on, workingDays: days.data, approvedBy, noticeSentOn };
      }
      break;
    }
    case 'reasonable_delay': {
      const rawDue = text(values.dueDate);
      let dueDate: CalendarDay | undefined;
      if (rawDue === '') errors.dueDate = '请填写确定的答复期限';
      else {
        const p = CalendarDaySchema.safeParse(rawDue);
        if (!p.success) errors.dueDate = p.error.issues[0]?.message ?? '日期无效';
        else if (on && p.data <= on) errors.dueDate = '延迟答复期限须晚于决定日期';
        else dueDate = p.data;
      }
      const reason = requiredText(values, 'reason', 500, errors, '请填写延迟答复的理由（第35条）', '理由');
      if (on && dueDate && reason) event = { type, on, dueDate, reason };
      break;
    }
    case 'closed': {
      const category = choice(values, 'category', Object.keys(OUTCOME_CATEGORIES) as OutcomeCategory[], errors, '请选择办理结果');
      const rawReason = text(values.reason);
      let reason: string | undefined;
      if (category && category !== 'DISCLOSE' && category !== 'PARTIAL') {
        const reasons: Record<string, string> = OUTCOME_REASONS[category];
        if (rawReason === '' && category !== 'OTHER') errors.reason = `“${OUTCOME_CATEGORIES[category]}”须选择具体理由`;
        else if (rawReason !== '' && !(rawReason in reasons)) errors.reason = `所选理由不属于“${OUTCOME_CATEGORIES[category]}”`;
        else if (rawReason !== '') reason = rawReason;
      }
      const rawItem = text(values.art36Item);
      let art36Item: Art36Item | undefined;
      if (rawItem !== '') {
        if (rawItem in ART36_ITEMS) art36Item = rawItem as Art36Item;
        else errors.art36Item = '请选择第36条的答复情形';
      } else {
        errors.art36Item = '请选择答复所依据的第36条情形';
      }
      if (on && category && !errors.reason && art36Item) {
        const parsed = ClosedEventSchema.safeParse({ type, on, category, reason, art36Item });
        if (parsed.success) event = parsed.data;
        else errors.reason = '理由无效';
      }
      break;
    }
  }
  if (Object.keys(errors).length > 0 || !event) {
    if (Object.keys(errors).length === 0) errors.on = '请填写日期';
    return { ok: false, errors };
  }
  return { ok: true, value: { event, note }, warnings: [] };
}

// ---------------------------------------------------------------------------------------------
// Query strings of the list and the statistics pages

export type SearchParams = Record<string, string | string[] | undefined>;

export interface ListQuery {
  state: 'open' | 'in_progress' | 'awaiting_supplement' | 'closed' | null;
  year: number | null;
  overdue: boolean;
}

const first = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const YearSchema = z.coerce.number().int().min(2000).max(2100);
const ListStateSchema = z.enum(['open', 'in_progress', 'awaiting_supplement', 'closed']);

/** Invalid values are dropped and named (the page says so) instead of breaking the page. */
export function parseListQuery(sp: SearchParams): { query: ListQuery; ignored: string[] } {
  const ignored: string[] = [];
  const rawState = first(sp.state);
  const state = rawState === '' ? null : (ListStateSchema.safeParse(rawState).data ?? null);
  if (rawState !== '' && state === null) ignored.push(`状态“${rawState.slice(0, 20)}”`);
  const rawYear = first(sp.year);
  const year = rawYear === '' ? null : (YearSchema.safeParse(rawYear).data ?? null);
  if (rawYear !== '' && year === null) ignored.push(`年份“${rawYear.slice(0, 20)}”`);
  const rawOverdue = first(sp.overdue);
  if (rawOverdue !== '' && rawOverdue !== '1') ignored.push(`逾期“${rawOverdue.slice(0, 20)}”`);
  return { query: { state, year, overdue: rawOverdue === '1' }, ignored };
}

export function parseStatsYear(sp: SearchParams, currentYear: number): { year: number; ignored: string | null } {
  const raw = first(sp.year);
  if (raw === '') return { year: currentYear, ignored: null };
  const parsed = YearSchema.safeParse(raw);
  return parsed.success ? { year: parsed.data, ignored: null } : { year: currentYear, ignored: `年份“${raw.slice(0, 20)}”无效，已显示${currentYear}年` };
}
