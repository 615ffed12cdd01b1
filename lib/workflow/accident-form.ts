/**
 * The 事故信息公开 forms: what a press officer types, checked field by field and turned into the
 * case facts and the AccidentEntry the replay uses (lib/workflow/accident-case.ts). Pure: server
 * actions hand in the submitted values and `now`; errors come back in Chinese keyed by field name.
 *
 * A form knows formats, required fields and "not after today"; whether an entry is possible at its
 * point of the case (a second extension, 批复 before the report …) is the replay's decision, made
 * again inside the write transaction (lib/db/accidents.ts).
 */
import { z } from 'zod';
import { parseFormNumber } from '../settings/form-state';
import {
  ACCIDENT_GRADES,
  AccidentEntrySchema,
  ENTRY_LABELS,
  SUPERVISORS,
  type AccidentCaseGrade,
  type AccidentEntry,
  type FormEntryType,
} from './accident-case';
import { CalendarDaySchema, calendarDayInShanghai, type CalendarDay } from './calendar';

export type FormValues = Readonly<Record<string, string | undefined>>;
export type FieldErrors = Record<string, string>;
export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** A form field, as data both the parser and the page use (the shape of components/forms/Field). */
export interface EntryField {
  name: string;
  label: string;
  kind: 'date' | 'datetime' | 'text' | 'number' | 'select' | 'textarea';
  required?: boolean;
  help?: string;
  options?: { value: string; label: string }[];
  maxLength?: number;
}

export const NOTE_MAX = 500;
/** Free text keeps its full-width punctuation (（）、，in titles and 文号); only trimmed. */
const text = (v: string | undefined): string => (v ?? '').trim();
/** Dates and times typed with full-width digits are read as ASCII. */
const ascii = (v: string | undefined): string => (v ?? '').normalize('NFKC').trim();

/**
 * 'YYYY-MM-DDTHH:mm' typed into a datetime-local field is Beijing time: stored with its +08:00 offset.
 */
export function shanghaiInstant(raw: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(raw);
  if (!m || !CalendarDaySchema.safeParse(m[1]).success) return null;
  if (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return null;
  return `${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}+08:00`;
}

/** The value a datetime-local field shows for an instant (Beijing time). */
export function toShanghaiLocalInput(d: Date): string {
  const shifted = new Date(d.getTime() + 8 * 3_600_000);
  return shifted.toISOString().slice(0, 16);
}

// ---------------------------------------------------------------------------------------------
// The fields of each entry type

const ON = (label: string, help?: string): EntryField => ({ name: 'on', label, kind: 'date', required: true, ...(help ? { help } : {}) });
const URL_FIELD = (label: string, required = true): EntryField => ({ name: 'url', label, kind: 'text', required, maxLength: 1000, help: '以 http:// 或 https:// 开头的公开网址' });
const COUNT = (name: string, label: string, required = false): EntryField => ({ name, label, kind: 'number', required });

/** Form entry types only: the system's link checks are never typed in by a person. */
export const ENTRY_FIELDS: Record<FormEntryType, EntryField[]> = {
  rescue_release: [
    { name: 'at', label: '发布时间', kind: 'datetime', required: true, help: '北京时间' },
    { name: 'title', label: '发布标题', kind: 'text', required: true, maxLength: 200 },
    URL_FIELD('发布网址', false),
    COUNT('deaths', '死亡人数'),
    COUNT('injuries', '受伤人数'),
    COUNT('missing', '失联（下落不明）人数'),
  ],
  rescue_ended: [{ name: 'at', label: '救援结束时间', kind: 'datetime', required: true, help: '北京时间；此后不再要求续报' }],
  report_submitted: [ON('提交日期', '事故调查组向负责调查的人民政府提交调查报告之日；批复期限自此起算')],
  appraisal: [
    { name: 'from', label: '技术鉴定开始', kind: 'date', required: true },
    { name: 'to', label: '技术鉴定结束', kind: 'date', required: true, help: '期间不计入调查期限（第27条）' },
    { name: 'subject', label: '鉴定事项', kind: 'text', maxLength: 200 },
  ],
  extension_approved: [
    ON('批准日期', '须在原调查期限届满前'),
    { name: 'days', label: '延长日数', kind: 'number', required: true, help: '最长不超过 60 日（第29条），只能延长一次' },
    { name: 'approvedBy', label: '批准机关', kind: 'text', required: true, maxLength: 100 },
    { name: 'documentNo', label: '批准文号', kind: 'text', required: true, maxLength: 100 },
  ],
  report_published: [ON('公布日期'), URL_FIELD('调查报告网址')],
  approval_extended: [
    ON('批准日期'),
    { name: 'days', label: '延长日数', kind: 'number', required: true, help: '仅特别重大事故，最长不超过 30 日（第32条）' },
    { name: 'approvedBy', label: '批准机关', kind: 'text', required: true, maxLength: 100 },
  ],
  closure_approved: [ON('批复日期'), { name: 'documentNo', label: '批复文号', kind: 'text', required: true, maxLength: 100 }],
  supervision: [
    ON('督办通知日期'),
    { name: 'by', label: '督办机关', kind: 'select', required: true, options: SUPERVISORS.map((s) => ({ value: s, label: s })) },
    { name: 'noticeNo', label: '督办通知书文号', kind: 'text', required: true, maxLength: 100 },
  ],
  supervision_closed: [ON('办结日期'), URL_FIELD('办结情况公开网址', false)],
  accountability_published: [
    ON('公布日期'),
    URL_FIELD('公开网址'),
    COUNT('peopleHandled', '被追责人数', true),
    COUNT('transferredToJustice', '移送司法机关人数'),
  ],
  penalty_decided: [
    ON('决定日期', '公开期限为此后 7 个工作日（安全生产法第78条）'),
    { name: 'decisionNo', label: '处罚决定书文号', kind: 'text', required: true, maxLength: 100 },
    { name: 'target', label: '被处罚单位或个人', kind: 'text', required: true, maxLength: 200 },
  ],
  penalty_published: [
    ON('公开日期'),
    { name: 'decisionNo', label: '处罚决定书文号', kind: 'text', required: true, maxLength: 100, help: '与已记录的处罚决定一致' },
    URL_FIELD('公示网址'),
  ],
  rectification_reviewed: [ON('公布日期'), URL_FIELD('评估结果网址')],
  note: [ON('日期'), { name: 'text', label: '备注', kind: 'textarea', required: true, maxLength: 1000 }],
};

export interface EntryInput {
  entry: AccidentEntry;
  note: string | null;
}

function noteOf(values: FormValues, errors: FieldErrors): string | null {
  const v = text(values.note);
  if (v.length > NOTE_MAX) errors.note = `说明最多 ${NOTE_MAX} 个字（现为 ${v.length} 个）`;
  return v === '' ? null : v;
}

/** Parses one entry form (its hidden `type` says which). Dates may not lie after today. */
export function parseEntryForm(values: FormValues, now: Date): FormResult<EntryInput> {
  const errors: FieldErrors = {};
  const today = calendarDayInShanghai(now);
  const type = text(values.type) as FormEntryType;
  if (!Object.hasOwn(ENTRY_FIELDS, type)) return { ok: false, errors: { type: '未知的记录类型' } };
  const note = type === 'note' ? null : noteOf(values, errors);
  const raw: Record<string, unknown> = { type };
  for (const f of ENTRY_FIELDS[type]) {
    const v = f.kind === 'date' || f.kind === 'datetime' ? ascii(values[f.name]) : text(values[f.name]);
    if (v === '') {
      if (f.required) errors[f.name] = f.kind === 'select' ? `请选择${f.label}` : `请填写${f.label}`;
      continue;
    }
    switch (f.kind) {
      case 'date': {
        const p = CalendarDaySchema.safeParse(v);
        if (!p.success) errors[f.name] = p.error.issues[0]?.message ?? '日期无效';
        else if (p.data > today && !(type === 'appraisal' && f.name === 'to')) errors[f.name] = `日期不能晚于今天（${today}）`;
        else raw[f.name] = p.data;
        break;
      }
      case 'datetime': {
        const iso = shanghaiInstant(v);
        if (!iso) errors[f.name] = '时间格式应为 YYYY-MM-DD HH:mm';
        else if (new Date(iso).getTime() > now.getTime()) errors[f.name] = '时间不能晚于现在';
        else raw[f.name] = iso;
        break;
      }
      case 'number': {
        const n = parseFormNumber(v);
        if (!n.ok || n.value === undefined || !Number.isInteger(n.value) || n.value < 0) errors[f.name] = `${f.label}须为非负整数`;
        else raw[f.name] = n.value;
        break;
      }
      default:
        raw[f.name] = v;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const parsed = AccidentEntrySchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'type');
      errors[key] ??= issue.message;
    }
    return { ok: false, errors };
  }
  return { ok: true, value: { entry: parsed.data, note } };
}

// ---------------------------------------------------------------------------------------------
// The case form (create from an event's facts, or by hand)

export interface CaseInput {
  eventId: number | null;
  title: string;
  occurredAt: Date;
  province: string | null;
  city: string | null;
  enterprise: string | null;
  accidentTypeCode: string | null;
  accidentType: string | null;
  grade: AccidentCaseGrade | null;
  deaths: number | null;
  injuries: number | null;
  missing: number | null;
}

export function parseCaseForm(values: FormValues, now: Date): FormResult<CaseInput> {
  const errors: FieldErrors = {};
  const title = text(values.title);
  if (title === '') errors.title = '请填写事故名称';
  else if (title.length > 200) errors.title = '事故名称最多 200 个字';
  const rawAt = ascii(values.occurredAt);
  let occurredAt: Date | null = null;
  if (rawAt === '') errors.occurredAt = '请填写事故发生时间';
  else {
    const iso = shanghaiInstant(rawAt);
    if (!iso) errors.occurredAt = '时间格式应为 YYYY-MM-DD HH:mm';
    else if (new Date(iso).getTime() > now.getTime()) errors.occurredAt = '事故发生时间不能晚于现在';
    else occurredAt = new Date(iso);
  }
  const optional = (name: string, max: number): string | null => {
    const v = text(values[name]);
    if (v.length > max) errors[name] = `最多 ${max} 个字`;
    return v === '' ? null : v;
  };
  const province = optional('province', 50);
  const city = optional('city', 50);
  const enterprise = optional('enterprise', 200);
  const accidentType = optional('accidentType', 50);
  const accidentTypeCode = optional('accidentTypeCode', 10);
  const rawGrade = text(values.grade);
  let grade: AccidentCaseGrade | null = null;
  if (rawGrade !== '') {
    if ((ACCIDENT_GRADES as readonly string[]).includes(rawGrade)) grade = rawGrade as AccidentCaseGrade;
    else errors.grade = '请选择事故等级';
  }
  const count = (name: string, label: string): number | null => {
    const v = text(values[name]);
    if (v === '') return null;
    const n = parseFormNumber(v);
    if (!n.ok || n.value === undefined || !Number.isInteger(n.value) || n.value < 0 || n.value > 100_000) {
      errors[name] = `${label}须为非负整数`;
      return null;
    }
    return n.value;
  };
  const deaths = count('deaths', '死亡人数');
  const injuries = count('injuries', '受伤人数');
  const missing = count('missing', '失联人数');
  const rawEvent = text(values.eventId);
  let eventId: number | null = null;
  if (rawEvent !== '') {
    const p = z.coerce.number().int().positive().max(2 ** 31).safeParse(rawEvent);
    if (!p.success) errors.eventId = '事件编号无效';
    else eventId = p.data;
  }
  if (Object.keys(errors).length > 0 || !occurredAt) return { ok: false, errors };
  return { ok: true, value: { eventId, title, occurredAt, province, city, enterprise, accidentTypeCode, accidentType, grade, deaths, injuries, missing } };
}

// ---------------------------------------------------------------------------------------------
// Listings

export interface ListingInput {
  caseId: number | null;
  enterprise: string;
  creditCode: string | null;
  grounds: string;
  decisionNo: string | null;
  listedOn: CalendarDay;
  publishedUrl: string | null;
}

const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export function parseListingForm(values: FormValues, now: Date): FormResult<ListingInput> {
  const errors: FieldErrors = {};
  const today = calendarDayInShanghai(now);
  const enterprise = text(values.enterprise);
  if (enterprise === '') errors.enterprise = '请填写企业名称';
  else if (enterprise.length > 200) errors.enterprise = '企业名称最多 200 个字';
  const creditCode = text(values.creditCode).toUpperCase() || null;
  if (creditCode && !CREDIT_CODE.test(creditCode)) errors.creditCode = '统一社会信用代码应为 18 位';
  const grounds = text(values.grounds);
  if (grounds === '') errors.grounds = '请填写列入依据（应急管理部令第11号的具体情形）';
  else if (grounds.length > 1000) errors.grounds = '列入依据最多 1000 个字';
  const decisionNo = text(values.decisionNo) || null;
  if (decisionNo && decisionNo.length > 100) errors.decisionNo = '决定文号最多 100 个字';
  const rawListed = ascii(values.listedOn);
  let listedOn: CalendarDay | null = null;
  if (rawListed === '') errors.listedOn = '请填写列入日期';
  else {
    const p = CalendarDaySchema.safeParse(rawListed);
    if (!p.success) errors.listedOn = p.error.issues[0]?.message ?? '日期无效';
    else if (p.data > today) errors.listedOn = `日期不能晚于今天（${today}）`;
    else listedOn = p.data;
  }
  const publishedUrl = text(values.publishedUrl) || null;
  if (publishedUrl && !(/^https?:\/\//i.test(publishedUrl) && URL.canParse(publishedUrl))) errors.publishedUrl = '网址须以 http:// 或 https:// 开头';
  const rawCase = text(values.caseId);
  const caseId = rawCase === '' ? null : (z.coerce.number().int().positive().max(2 ** 31).safeParse(rawCase).data ?? null);
  if (rawCase !== '' && caseId === null) errors.caseId = '事故台账编号无效';
  if (Object.keys(errors).length > 0 || !listedOn) return { ok: false, errors };
  return { ok: true, value: { caseId, enterprise, creditCode, grounds, decisionNo, listedOn, publishedUrl } };
}

export function parseRemovalForm(values: FormValues, now: Date): FormResult<{ listingId: number; removedOn: CalendarDay; reason: string }> {
  const errors: FieldErrors = {};
  const today = calendarDayInShanghai(now);
  const listingId = z.coerce.number().int().positive().max(2 ** 31).safeParse(text(values.listingId)).data;
  if (!listingId) errors.listingId = '名单记录无效';
  const raw = ascii(values.removedOn);
  let removedOn: CalendarDay | null = null;
  if (raw === '') errors.removedOn = '请填写移出日期';
  else {
    const p = CalendarDaySchema.safeParse(raw);
    if (!p.success) errors.removedOn = p.error.issues[0]?.message ?? '日期无效';
    else if (p.data > today) errors.removedOn = `日期不能晚于今天（${today}）`;
    else removedOn = p.data;
  }
  const reason = text(values.reason);
  if (reason === '') errors.reason = '请填写移出理由';
  else if (reason.length > 500) errors.reason = '移出理由最多 500 个字';
  if (Object.keys(errors).length > 0 || !listingId || !removedOn) return { ok: false, errors };
  return { ok: true, value: { listingId, removedOn, reason } };
}

// ---------------------------------------------------------------------------------------------
// The list's query string

export type SearchParams = Record<string, string | string[] | undefined>;

export const LIST_FILTERS = { open: '办理中', overdue: '有逾期', closed: '已完成', all: '全部' } as const;
export type ListFilter = keyof typeof LIST_FILTERS;

const first = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();

/** Invalid values are dropped and named on the page instead of breaking it. */
export function parseAccidentListQuery(sp: SearchParams): { filter: ListFilter; ignored: string[] } {
  const raw = first(sp.state);
  if (raw === '') return { filter: 'open', ignored: [] };
  if (raw in LIST_FILTERS) return { filter: raw as ListFilter, ignored: [] };
  return { filter: 'open', ignored: [`状态“${raw.slice(0, 20)}”`] };
}

export { ENTRY_LABELS };
