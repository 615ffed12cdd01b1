/**
 * The 依申请公开 (disclosure on application) clock, as a pure function over the case's events
 * (DOMAIN §1.1–1.4). Pass `today` in; nothing here reads the system clock.
 *
 * 《政府信息公开条例》(2019, 国务院令第711号), the articles this file encodes:
 * - art. 30: "政府信息公开申请内容不明确的，行政机关应当给予指导和释明，并自收到申请之日起7个工作日内
 *   一次性告知申请人作出补正，说明需要补正的事项和合理的补正期限。答复期限自行政机关收到补正的申请之日起
 *   计算。申请人无正当理由逾期不补正的，视为放弃申请，行政机关不再处理该政府信息公开申请。"
 * - art. 31: receipt date, see `receiptDateOf`.
 * - art. 32/34: a third party / another agency has 15 WD to reply; the consultation time is excluded.
 * - art. 33: "行政机关不能当场答复的，应当自收到申请之日起20个工作日内予以答复；需要延长答复期限的，
 *   应当经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日。
 *   行政机关征求第三方和其他机关意见所需时间不计算在前款规定的期限内。"
 * - art. 35: an unreasonable volume → 不予处理; reasonable but impossible in time → a reasonable
 *   later deadline (延迟答复), recorded with its reason.
 * - art. 36 (outcomes) and the 国办公开办函〔2021〕30号 annual-report categories (DOMAIN §1.5).
 * Receipts before 2019-05-15 use the 2008 regime (国务院令第492号 art. 24): 15 + 15 WD, no 7-day
 * 补正 rule, receipt dates per 国办公开办函〔2015〕207号.
 *
 * Counting: the receipt day is day 0 (《民法典》art. 201); see lib/workflow/calendar.ts.
 * Consultation pause: working days in (started, ended] are excluded, and the pause ends by itself
 * 15 WD after the party received the letter (silence: art. 32 the agency decides; art. 34 consent).
 */
import { z } from 'zod';
import {
  CalendarDaySchema,
  addWorkingDays,
  countWorkingDays,
  missingYearWarning,
  walkWorkingDays,
  type CalendarDay,
} from './calendar';

// ---------------------------------------------------------------------------------------------
// Vocabularies

export const CHANNELS = ['当面', '邮寄', '网络', '传真', '其他'] as const;
export type Channel = (typeof CHANNELS)[number];

/** 邮寄: 需签收（挂号、EMS 等）or 平常信函（无需签收）. */
export const POST_KINDS = ['需签收', '平常信函'] as const;

export const CONSULTATION_PARTIES = {
  third_party: '第三方（第32条）',
  other_agency: '其他机关（第34条）',
} as const;
export type ConsultationParty = keyof typeof CONSULTATION_PARTIES;

/** Outcome categories of the annual report (国办公开办函〔2021〕30号, DOMAIN §1.5 三、本年度办理结果). */
export const OUTCOME_CATEGORIES = {
  DISCLOSE: '予以公开',
  PARTIAL: '部分公开',
  REFUSE: '不予公开',
  UNABLE: '无法提供',
  NOT_HANDLED: '不予处理',
  OTHER: '其他处理',
} as const;
export type OutcomeCategory = keyof typeof OUTCOME_CATEGORIES;

/**
 * Sub-reasons, in report order. REFUSE, UNABLE and NOT_HANDLED are from DOMAIN §1.5 [P].
 * The OTHER sub-rows are not in DOMAIN.md; they follow the 2021 report template as recalled [R]:
 * re-check against 国办公开办函〔2021〕30号 before printing an official report.
 */
export const OUTCOME_REASONS = {
  REFUSE: {
    STATE_SECRET: '属于国家秘密',
    LAW_PROHIBITED: '其他法律行政法规禁止公开',
    SECURITY_STABILITY: '危及“三安全一稳定”',
    THIRD_PARTY: '保护第三方合法权益',
    INTERNAL_AFFAIRS: '属于三类内部事务信息',
    PROCESS_INFO: '属于四类过程性信息',
    ENFORCEMENT_FILE: '属于行政执法案卷',
    ADMIN_QUERY: '属于行政查询事项',
  },
  UNABLE: {
    NOT_HELD: '本机关不掌握相关政府信息',
    NEEDS_CREATION: '没有现成信息需要另行制作',
    STILL_UNCLEAR: '补正后申请内容仍不明确',
  },
  NOT_HANDLED: {
    PETITION: '信访举报投诉类申请',
    DUPLICATE: '重复申请',
    PUBLICATION: '要求提供公开出版物',
    EXCESSIVE: '无正当理由大量反复申请',
    CONFIRMATION: '要求行政机关确认或重新出具已获取信息',
  },
  OTHER: {
    NO_SUPPLEMENT: '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    FEE_UNPAID: '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    OTHER: '其他',
  },
} as const;

type ReasonMap = typeof OUTCOME_REASONS;
export type OutcomeReason = {
  [C in keyof ReasonMap]: keyof ReasonMap[C];
}[keyof ReasonMap];

/** 《条例》第36条 (一)–(七): what the reply letter does (DOMAIN §1.3). */
export const ART36_ITEMS = {
  ALREADY_PUBLIC: '（一）已经主动公开，告知获取的方式、途径',
  DISCLOSE: '（二）可以公开，提供信息或告知获取的方式、途径和时间',
  REFUSE: '（三）决定不予公开，告知并说明理由',
  NOT_EXIST: '（四）经检索没有所申请公开信息，告知该政府信息不存在',
  NOT_OURS: '（五）不属于本机关负责公开，说明理由并告知负责机关及联系方式',
  DUPLICATE: '（六）重复申请，告知不予重复处理',
  SPECIAL_LAW: '（七）工商、不动产登记资料等，告知依照有关法律、行政法规处理',
} as const;
export type Art36Item = keyof typeof ART36_ITEMS;

/**
 * How an art. 36 item rolls up into the report categories. SPECIAL_LAW has no dedicated row in
 * the report; agencies book it as 其他处理 or 不予处理 [R].
 */
const ART36_TO_CATEGORIES: Record<Art36Item, readonly OutcomeCategory[]> = {
  ALREADY_PUBLIC: ['DISCLOSE'],
  DISCLOSE: ['DISCLOSE', 'PARTIAL'],
  REFUSE: ['REFUSE', 'PARTIAL'],
  NOT_EXIST: ['UNABLE'],
  NOT_OURS: ['UNABLE'],
  DUPLICATE: ['NOT_HANDLED'],
  SPECIAL_LAW: ['OTHER', 'NOT_HANDLED'],
};

const ALL_REASONS = Object.values(OUTCOME_REASONS).flatMap((r) => Object.keys(r)) as [
  OutcomeReason,
  ...OutcomeReason[],
];

// ---------------------------------------------------------------------------------------------
// Event schemas (zod at the edge: forms and API hand raw objects to `parseDisclosureEvents`)

const Day = CalendarDaySchema;

export const ReceivedEventSchema = z.object({
  type: z.literal('received'),
  channel: z.enum(CHANNELS),
  /** 当面提交之日；其他渠道为申请人寄出/发送之日（仅用于核对）。 */
  submittedOn: Day.optional(),
  /** 邮寄方式：需签收 / 平常信函。默认需签收。 */
  postKind: z.enum(POST_KINDS).optional(),
  /** 本机关签收之日（邮寄、需签收）。 */
  signedOn: Day.optional(),
  /** 本机关实际收到之日（平常信函到达日；2008 年制度下电子邮件系统收到之日）。 */
  arrivedOn: Day.optional(),
  /** 双方确认之日（网络、传真、平常信函、其他）。 */
  confirmedOn: Day.optional(),
});

export const SupplementRequestedEventSchema = z.object({
  type: z.literal('supplement_requested'),
  on: Day,
  /** 告知申请人的补正期限（合理期限）。 */
  replyBy: Day.optional(),
});

export const SupplementReceivedEventSchema = z.object({
  type: z.literal('supplement_received'),
  /** 收到补正之日（按第31条确定）。 */
  on: Day,
});

export const SupplementAbandonedEventSchema = z.object({
  type: z.literal('supplement_abandoned'),
  on: Day,
});

export const ConsultationStartedEventSchema = z.object({
  type: z.literal('consultation_started'),
  on: Day,
  party: z.enum(['third_party', 'other_agency']),
  /** Several consultations may run at once; each needs its own id. */
  consultationId: z.string().min(1).default('default'),
  /** 被征求意见方收到征求意见书之日；15个工作日自此起算。默认同 on。 */
  letterReceivedOn: Day.optional(),
});

export const ConsultationEndedEventSchema = z.object({
  type: z.literal('consultation_ended'),
  on: Day,
  consultationId: z.string().min(1).default('default'),
});

export const ExtensionApprovedEventSchema = z.object({
  type: z.literal('extension_approved'),
  on: Day,
  workingDays: z.number().int().min(1).max(20),
  /** 批准人（政府信息公开工作机构负责人）。 */
  approvedBy: z.string().trim().min(1, '须填写批准人'),
  /** 告知申请人延期之日。 */
  noticeSentOn: Day,
});

export const ReasonableDelayEventSchema = z.object({
  type: z.literal('reasonable_delay'),
  on: Day,
  dueDate: Day,
  reason: z.string().trim().min(1, '须填写延迟答复的理由'),
});

export const ClosedEventSchema = z.object({
  type: z.literal('closed'),
  on: Day,
  category: z.enum(Object.keys(OUTCOME_CATEGORIES) as [OutcomeCategory, ...OutcomeCategory[]]),
  reason: z.enum(ALL_REASONS).optional(),
  art36Item: z.enum(Object.keys(ART36_ITEMS) as [Art36Item, ...Art36Item[]]).optional(),
});

export const DisclosureEventSchema = z.discriminatedUnion('type', [
  ReceivedEventSchema,
  SupplementRequestedEventSchema,
  SupplementReceivedEventSchema,
  SupplementAbandonedEventSchema,
  ConsultationStartedEventSchema,
  ConsultationEndedEventSchema,
  ExtensionApprovedEventSchema,
  ReasonableDelayEventSchema,
  ClosedEventSchema,
]);
export const DisclosureEventListSchema = z.array(DisclosureEventSchema);

export type DisclosureEvent = z.output<typeof DisclosureEventSchema>;
export type DisclosureEventInput = z.input<typeof DisclosureEventSchema>;
export type ReceivedEvent = z.output<typeof ReceivedEventSchema>;
export type ClosedEvent = z.output<typeof ClosedEventSchema>;

export const EVENT_LABELS: Record<DisclosureEvent['type'], string> = {
  received: '收到申请',
  supplement_requested: '告知补正',
  supplement_received: '收到补正',
  supplement_abandoned: '视为放弃（逾期未补正）',
  consultation_started: '征求意见',
  consultation_ended: '收到意见',
  extension_approved: '延长答复期限',
  reasonable_delay: '延迟答复（第35条）',
  closed: '办结答复',
};

/** Parses untrusted input; issues come back as Chinese messages. */
export function parseDisclosureEvents(
  input: unknown,
): { ok: true; events: DisclosureEvent[] } | { ok: false; errors: string[] } {
  const parsed = DisclosureEventListSchema.safeParse(input);
  if (parsed.success) return { ok: true, events: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((i) => `第${Number(i.path[0] ?? 0) + 1}条事件：${i.message}`),
  };
}

// ---------------------------------------------------------------------------------------------
// Regimes

export type Regime = 'OGI2008' | 'OGI2019';

export const REGIME_START_2019: CalendarDay = '2019-05-15';

export const REGIME_LIMITS: Record<
  Regime,
  { replyDays: number; maxExtensionDays: number; supplementNoticeDays: number | null; label: string }
> = {
  OGI2008: { replyDays: 15, maxExtensionDays: 15, supplementNoticeDays: null, label: '2008年条例（国务院令第492号）' },
  OGI2019: { replyDays: 20, maxExtensionDays: 20, supplementNoticeDays: 7, label: '2019年条例（国务院令第711号）' },
};

/** Consultation reply time for the third party (art. 32) and other agencies (art. 34). */
export const CONSULTATION_LIMIT_DAYS = 15;

export function regimeFor(receivedOn: CalendarDay): Regime {
  return receivedOn < REGIME_START_2019 ? 'OGI2008' : 'OGI2019';
}

// ---------------------------------------------------------------------------------------------
// Receipt date (art. 31)

export interface ReceiptDate {
  date: CalendarDay | null;
  regime: Regime | null;
  /** The rule applied, in Chinese, citing the article. */
  rule: string;
  warnings: string[];
  errors: string[];
}

/**
 * 《条例》(2019) 第三十一条: 行政机关收到政府信息公开申请的时间，按照下列规定确定：
 * （一）申请人当面提交政府信息公开申请的，以提交之日为收到申请之日；
 * （二）申请人以邮寄方式提交政府信息公开申请的，以行政机关签收之日为收到申请之日；以平常信函等无需签收的
 *      邮寄方式提交政府信息公开申请的，政府信息公开工作机构应当于收到申请的当日与申请人确认，确认之日为收到申请之日；
 * （三）申请人通过互联网渠道或者政府信息公开工作机构的传真提交政府信息公开申请的，以双方确认之日为收到申请之日。
 * "其他" is not in art. 31: we use the day both sides confirm and say so (国办公开办函〔2015〕207号 did the same
 * for the 2008 regime). Under 2008, an application e-mail counts from the day the mail system receives it (207号).
 */
export function receiptDateOf(event: ReceivedEvent): ReceiptDate {
  const warnings: string[] = [];
  const errors: string[] = [];
  let date: CalendarDay | null = null;
  let rule: string;
  const need = (value: CalendarDay | undefined, what: string): CalendarDay | null => {
    if (!value) errors.push(`渠道为“${event.channel}”时须填写${what}`);
    return value ?? null;
  };

  switch (event.channel) {
    case '当面':
      rule = '第31条第（一）项：当面提交的，以提交之日为收到申请之日';
      date = need(event.submittedOn, '提交日期');
      break;
    case '邮寄':
      if (event.postKind === '平常信函') {
        rule = '第31条第（二）项：平常信函等无需签收的，收到当日与申请人确认，以确认之日为收到申请之日';
        date = need(event.confirmedOn, '与申请人确认的日期');
        if (date && event.arrivedOn && date > event.arrivedOn) {
          warnings.push(
            `平常信函于${event.arrivedOn}到达，确认日为${date}：第31条要求在收到当日与申请人确认`,
          );
        }
      } else {
        rule = '第31条第（二）项：以邮寄方式提交的，以行政机关签收之日为收到申请之日';
        date = need(event.signedOn, '签收日期');
      }
      break;
    case '网络':
    case '传真':
      rule = '第31条第（三）项：通过互联网渠道或传真提交的，以双方确认之日为收到申请之日';
      if (event.channel === '网络' && event.arrivedOn && event.arrivedOn < REGIME_START_2019) {
        // 2008 regime (207号): the day the published application mailbox received it.
        rule = '国办公开办函〔2015〕207号：通过电子邮箱提交的，以邮件系统收到之日为收到申请之日';
        date = event.arrivedOn;
      } else {
        date = need(event.confirmedOn, '双方确认日期');
      }
      break;
    case '其他':
      rule = '第31条未列明该渠道：按双方确认之日计算';
      date = need(event.confirmedOn, '双方确认日期');
      if (date) warnings.push('提交渠道为“其他”，第31条未规定收到日期，已按双方确认之日计算，请核对本机关规定');
      break;
  }

  if (date && event.submittedOn && date < event.submittedOn) {
    errors.push(`收到申请之日（${date}）早于申请人提交之日（${event.submittedOn}）`);
  }
  if (errors.length > 0) date = null;
  return { date, regime: date ? regimeFor(date) : null, rule, warnings, errors };
}

// ---------------------------------------------------------------------------------------------
// The clock

export type DisclosureState =
  | 'not_received'
  | 'in_progress'
  | 'consulting'
  | 'awaiting_supplement'
  | 'closed';

export const STATE_LABELS: Record<DisclosureState, string> = {
  not_received: '未登记收到申请',
  in_progress: '办理中',
  consulting: '征求意见中（期限暂停）',
  awaiting_supplement: '待补正（期限中止）',
  closed: '已办结',
};

export type SlaColour = 'green' | 'yellow' | 'red' | 'black' | 'none';

export const SLA_LABELS: Record<SlaColour, string> = {
  green: '正常',
  yellow: '临近期限',
  red: '即将到期',
  black: '已逾期',
  none: '不计时',
};

export interface DisclosureOutcome {
  category: OutcomeCategory;
  categoryLabel: string;
  reason: OutcomeReason | null;
  reasonLabel: string | null;
  art36Item: Art36Item | null;
  art36Label: string | null;
}

export interface ConsultationSummary {
  consultationId: string;
  party: ConsultationParty;
  partyLabel: string;
  startedOn: CalendarDay;
  endedOn: CalendarDay | null;
  /** The 15th working day after the party received the letter: the pause ends by itself then. */
  limitOn: CalendarDay;
  /** Working days excluded from the reply period (up to `today` for an open one). */
  pausedWorkingDays: number;
}

export interface DisclosureClock {
  state: DisclosureState;
  stateLabel: string;
  regime: Regime | null;
  receivedOn: CalendarDay | null;
  receiptRule: string | null;
  /** Day 0 of the running period: the receipt day, or the day the 补正 arrived. */
  clockStartOn: CalendarDay | null;
  /** Reply period without extension or art. 35 delay (consultation pauses included). */
  statutoryDueDate: CalendarDay | null;
  /** Due date in force: statutory + extension, or the art. 35 date. */
  dueDate: CalendarDay | null;
  extensionWorkingDays: number;
  reasonableDelay: { dueDate: CalendarDay; reason: string } | null;
  /** Latest day the 补正 notice could be given (art. 30), for the current period. */
  supplementNoticeDeadline: CalendarDay | null;
  supplementNoticeLate: boolean;
  /** While awaiting a 补正: the time limit given to the applicant, if any. */
  supplementReplyBy: CalendarDay | null;
  consultations: ConsultationSummary[];
  /** Counted working days since day 0 (pauses excluded), up to today, the 补正 notice or closing. */
  workingDaysElapsed: number;
  /** Counted working days left until the due date; negative when overdue. */
  workingDaysLeft: number | null;
  overdue: boolean;
  closedOn: CalendarDay | null;
  closedLate: boolean;
  outcome: DisclosureOutcome | null;
  sla: SlaColour;
  slaLabel: string;
  warnings: string[];
  /** Impossible sequences; events named here were not applied. */
  errors: string[];
  /** Years without a holiday table that the computation touched (Monday–Friday was used). */
  missingCalendarYears: number[];
}

interface Pause {
  id: string;
  party: ConsultationParty;
  start: CalendarDay;
  end: CalendarDay | null;
  limitOn: CalendarDay;
}

function eventDay(event: DisclosureEvent): CalendarDay | null {
  return event.type === 'received' ? receiptDateOf(event).date : event.on;
}

/** Last paused day: the reply, or the 15-WD limit, whichever is first (open: the limit). */
function pauseEnd(p: Pause): CalendarDay {
  const end = p.end ?? p.limitOn;
  return end < p.limitOn ? end : p.limitOn;
}

export function outcomeOf(event: ClosedEvent): { outcome: DisclosureOutcome | null; errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const { category } = event;
  let reason: OutcomeReason | null = event.reason ?? null;
  let reasonLabel: string | null = null;

  if (category === 'DISCLOSE' || category === 'PARTIAL') {
    if (reason) errors.push(`“${OUTCOME_CATEGORIES[category]}”不设具体理由`);
  } else {
    const reasons: Record<string, string> = OUTCOME_REASONS[category];
    if (!reason && category === 'OTHER') reason = 'OTHER';
    if (!reason) {
      errors.push(`“${OUTCOME_CATEGORIES[category]}”须选择具体理由`);
    } else if (!(reason in reasons)) {
      errors.push(`理由“${reason}”不属于“${OUTCOME_CATEGORIES[category]}”`);
    } else {
      reasonLabel = reasons[reason] ?? null;
    }
  }

  const art36Item = event.art36Item ?? null;
  if (art36Item && !ART36_TO_CATEGORIES[art36Item].includes(category)) {
    warnings.push(
      `第36条${ART36_ITEMS[art36Item].slice(0, 3)}与统计类别“${OUTCOME_CATEGORIES[category]}”不一致，请核对`,
    );
  }
  if (art36Item === 'NOT_EXIST' || art36Item === 'NOT_OURS') {
    if (category === 'UNABLE' && reason !== 'NOT_HELD') {
      warnings.push('信息不存在或不属于本机关的，年报中通常计入“本机关不掌握相关政府信息”');
    }
  }
  if (errors.length > 0) return { outcome: null, errors, warnings };
  return {
    outcome: {
      category,
      categoryLabel: OUTCOME_CATEGORIES[category],
      reason,
      reasonLabel,
      art36Item,
      art36Label: art36Item ? ART36_ITEMS[art36Item] : null,
    },
    errors,
    warnings,
  };
}

export interface ComputeClockOptions {
  /** Today on the Asia/Shanghai calendar (calendarDayInShanghai(now)). */
  today: CalendarDay;
}

/**
 * Replays the events in order and returns where the case stands on `today`.
 * Events must be in chronological order (same-day events keep their list order); an event that
 * is impossible at its point is reported in `errors` and not applied.
 */
export function computeDisclosureClock(
  events: readonly DisclosureEvent[],
  { today }: ComputeClockOptions,
): DisclosureClock {
  const errors: string[] = [];
  const warnings: string[] = [];
  const missingYears = new Set<number>();
  const collect = <T>(r: { value: T; missingYears: number[]; warnings: string[] }): T => {
    for (const y of r.missingYears) missingYears.add(y);
    return r.value;
  };

  // Widened with `as`: the event callback assigns these, which narrowing cannot see.
  let state = 'not_received' as DisclosureState;
  let regime = null as Regime | null;
  let receivedOn = null as CalendarDay | null;
  let receiptRule = null as string | null;
  let clockStart = null as CalendarDay | null;
  let cycle = 0;
  let pauses: Pause[] = [];
  const finishedPauses: ConsultationSummary[] = [];
  let extensionDays = 0;
  let reasonableDelay = null as { dueDate: CalendarDay; reason: string } | null;
  let supplementRequestedOn = null as CalendarDay | null;
  let supplementReplyBy = null as CalendarDay | null;
  let supplementNoticeDeadline = null as CalendarDay | null;
  let supplementNoticeLate = false;
  let closedOn = null as CalendarDay | null;
  let outcome = null as DisclosureOutcome | null;
  let previousDay = null as CalendarDay | null;

  const isPaused = (day: CalendarDay): boolean =>
    pauses.some((p) => day > p.start && day <= pauseEnd(p));
  const limits = () => REGIME_LIMITS[regime ?? 'OGI2019'];
  const statutoryDue = (): CalendarDay =>
    collect(walkWorkingDays(clockStart as CalendarDay, limits().replyDays, isPaused));
  const currentDue = (): CalendarDay =>
    reasonableDelay?.dueDate ??
    collect(walkWorkingDays(clockStart as CalendarDay, limits().replyDays + extensionDays, isPaused));

  events.forEach((event, index) => {
    const label = `第${index + 1}条事件（${EVENT_LABELS[event.type]}）`;
    const reject = (why: string) => errors.push(`${label}：${why}，未计入`);

    const day = eventDay(event);
    if (event.type === 'received') {
      if (state !== 'not_received') return reject('已登记收到申请，不能重复登记');
      const receipt = receiptDateOf(event);
      warnings.push(...receipt.warnings);
      if (!receipt.date) return reject(receipt.errors.join('；'));
      if (previousDay && receipt.date < previousDay) return reject(`日期早于前一事件（${previousDay}）`);
      receivedOn = receipt.date;
      clockStart = receipt.date;
      regime = receipt.regime;
      receiptRule = receipt.rule;
      state = 'in_progress';
      previousDay = receipt.date;
      const noticeDays = limits().supplementNoticeDays;
      supplementNoticeDeadline = noticeDays === null ? null : collect(addWorkingDays(receipt.date, noticeDays));
      return;
    }
    if (state === 'not_received') return reject('须先登记收到申请');
    if (state === 'closed') return reject(`案件已于${closedOn}办结，不能再记录事件；如有新申请请另行登记`);
    if (day && previousDay && day < previousDay) {
      return reject(`日期${day}早于前一事件（${previousDay}），事件须按时间顺序记录`);
    }

    switch (event.type) {
      case 'supplement_requested': {
        if (state === 'awaiting_supplement') {
          return reject('第30条要求一次性告知补正事项，申请人补正前不能再次要求补正');
        }
        if (pauses.some((p) => p.end === null)) return reject('征求意见期间不能要求补正，请先记录收到意见');
        if (supplementNoticeDeadline && event.on > supplementNoticeDeadline) {
          supplementNoticeLate = true;
          warnings.push(
            `补正告知日（${event.on}）晚于收到申请后第${limits().supplementNoticeDays}个工作日（${supplementNoticeDeadline}），不符合第30条`,
          );
        }
        if (cycle > 0) warnings.push('再次要求补正：仅在补正后申请内容仍不明确时适用，且仍须一次性告知');
        if (event.replyBy && event.replyBy <= event.on) return reject('补正期限须晚于告知日');
        supplementRequestedOn = event.on;
        supplementReplyBy = event.replyBy ?? null;
        state = 'awaiting_supplement';
        break;
      }
      case 'supplement_received': {
        if (state !== 'awaiting_supplement') return reject('没有待补正的告知');
        if (supplementReplyBy && event.on > supplementReplyBy) {
          warnings.push(`申请人于补正期限（${supplementReplyBy}）后才补正，是否受理请按第30条判断`);
        }
        if (extensionDays > 0 || reasonableDelay) {
          warnings.push('补正后答复期限重新计算，此前的延期或延迟答复不再适用');
        }
        // Art. 30: "答复期限自行政机关收到补正的申请之日起计算" — a fresh period, day 0 = today.
        clockStart = event.on;
        cycle++;
        finishedPauses.push(...pauses.map((p) => summarisePause(p, event.on, collect)));
        pauses = [];
        extensionDays = 0;
        reasonableDelay = null;
        supplementRequestedOn = null;
        supplementReplyBy = null;
        const noticeDays = limits().supplementNoticeDays;
        supplementNoticeDeadline = noticeDays === null ? null : collect(addWorkingDays(event.on, noticeDays));
        state = 'in_progress';
        break;
      }
      case 'supplement_abandoned': {
        if (state !== 'awaiting_supplement') return reject('没有待补正的告知，不能按放弃处理');
        if (supplementReplyBy && event.on <= supplementReplyBy) {
          warnings.push(`补正期限（${supplementReplyBy}）尚未届满即按放弃处理`);
        }
        state = 'closed';
        closedOn = event.on;
        outcome = {
          category: 'OTHER',
          categoryLabel: OUTCOME_CATEGORIES.OTHER,
          reason: 'NO_SUPPLEMENT',
          reasonLabel: OUTCOME_REASONS.OTHER.NO_SUPPLEMENT,
          art36Item: null,
          art36Label: null,
        };
        break;
      }
      case 'consultation_started': {
        if (state === 'awaiting_supplement') return reject('待补正期间不能征求意见');
        if (pauses.some((p) => p.id === event.consultationId && p.end === null)) {
          return reject(`征求意见“${event.consultationId}”尚未结束`);
        }
        if (event.letterReceivedOn && event.letterReceivedOn < event.on) {
          return reject('对方收到征求意见书之日不能早于发出之日');
        }
        const due = currentDue();
        if (event.on > due) warnings.push(`征求意见开始时（${event.on}）已超过答复期限（${due}），不能因此延后期限`);
        const limitOn = collect(addWorkingDays(event.letterReceivedOn ?? event.on, CONSULTATION_LIMIT_DAYS));
        pauses.push({ id: event.consultationId, party: event.party, start: event.on, end: null, limitOn });
        break;
      }
      case 'consultation_ended': {
        const pause = pauses.find((p) => p.id === event.consultationId && p.end === null);
        if (!pause) return reject(`没有进行中的征求意见“${event.consultationId}”`);
        pause.end = event.on;
        if (event.on > pause.limitOn) {
          const silence =
            pause.party === 'third_party'
              ? '第三方逾期未提出意见的，由行政机关依照条例规定决定是否公开（第32条）'
              : '其他机关逾期未提出意见的，视为同意公开（第34条）';
          warnings.push(
            `${CONSULTATION_PARTIES[pause.party]}于${event.on}答复，已超过15个工作日（${pause.limitOn}）；期限自${pause.limitOn}次日起恢复计算。${silence}`,
          );
        }
        break;
      }
      case 'extension_approved': {
        if (state === 'awaiting_supplement') return reject('待补正期间期限中止，无需延期');
        if (extensionDays > 0) return reject('已延长过答复期限，不能再次延长');
        if (reasonableDelay) return reject('已按第35条确定延迟答复期限，不能再延长');
        const max = limits().maxExtensionDays;
        if (event.workingDays > max) return reject(`延长期限最长不得超过${max}个工作日（第33条）`);
        const due = currentDue();
        if (event.on > due) {
          return reject(`延期决定日（${event.on}）晚于原答复期限（${due}），期限届满后不能再延长（第33条）`);
        }
        if (event.noticeSentOn < event.on) return reject('告知申请人延期的日期早于批准日期');
        if (event.noticeSentOn > due) {
          warnings.push(`告知申请人延期的日期（${event.noticeSentOn}）晚于原答复期限（${due}）`);
        }
        extensionDays = event.workingDays;
        break;
      }
      case 'reasonable_delay': {
        if (state === 'awaiting_supplement') return reject('待补正期间期限中止，不能确定延迟答复期限');
        if (regime === 'OGI2008') return reject('2008年条例没有第35条延迟答复的规定');
        if (event.dueDate <= event.on) return reject('延迟答复期限须晚于决定日');
        const due = currentDue();
        if (event.on > due) warnings.push(`延迟答复的决定日（${event.on}）晚于答复期限（${due}）`);
        if (event.dueDate <= due) warnings.push(`延迟答复期限（${event.dueDate}）不晚于法定期限（${due}），无需延迟`);
        reasonableDelay = { dueDate: event.dueDate, reason: event.reason };
        break;
      }
      case 'closed': {
        const result = outcomeOf(event);
        warnings.push(...result.warnings);
        if (!result.outcome) return reject(result.errors.join('；'));
        if (pauses.some((p) => p.end === null)) {
          warnings.push('征求意见尚未记录结束即已办结');
          for (const p of pauses) if (p.end === null) p.end = event.on;
        }
        if (state === 'awaiting_supplement') warnings.push('待补正期间直接办结，请确认办理结果');
        state = 'closed';
        closedOn = event.on;
        outcome = result.outcome;
        break;
      }
    }
    if (day) previousDay = day;
  });

  // ---- Where the case stands
  if (clockStart === null) {
    return {
      ...emptyClock(),
      warnings: dedupe(warnings),
      errors,
    };
  }
  const start: CalendarDay = clockStart;
  const awaiting = state === 'awaiting_supplement';
  const reference: CalendarDay = closedOn ?? (awaiting ? (supplementRequestedOn as CalendarDay) : today);
  // While waiting for the 补正 the period is suspended and restarts from zero (art. 30): no due date.
  const statutoryDueDate = awaiting ? null : statutoryDue();
  const dueDate = awaiting ? null : currentDue();
  const elapsed = collect(countWorkingDays(start, reference, isPaused));
  let left: number | null = null;
  if (dueDate !== null) {
    left =
      reference <= dueDate
        ? collect(countWorkingDays(reference, dueDate, isPaused))
        : -collect(countWorkingDays(dueDate, reference, isPaused));
  }
  const overdue = dueDate !== null && reference > dueDate;
  const closedLate = closedOn !== null && dueDate !== null && closedOn > dueDate;
  const consulting = pauses.some((p) => p.end === null && today > p.start && today <= p.limitOn);
  const finalState: DisclosureState =
    state === 'in_progress' && consulting ? 'consulting' : state;

  let sla: SlaColour = 'none';
  if (finalState === 'in_progress' || finalState === 'consulting') {
    // DOMAIN §1.4 team proposal: yellow ≤5 WD left, red ≤2, black overdue; green otherwise.
    const l = left ?? 0;
    sla = overdue ? 'black' : l <= 2 ? 'red' : l <= 5 ? 'yellow' : 'green';
  }
  const leftDays = left ?? 0;
  if (sla === 'black') warnings.push(`已超过答复期限（${dueDate}）${-leftDays}个工作日，请立即答复`);
  if (sla === 'red') {
    warnings.push(leftDays === 0 ? `今天是答复期限（${dueDate}）` : `距答复期限（${dueDate}）仅剩${leftDays}个工作日`);
  }
  if (awaiting) {
    warnings.push(
      supplementReplyBy
        ? `已告知补正，申请人应于${supplementReplyBy}前补正；收到补正后重新计算20个工作日`
        : '已告知补正，收到补正后重新计算答复期限',
    );
  }
  if (closedLate) warnings.push(`逾期办结：答复期限为${dueDate}，实际于${closedOn}办结`);
  if (finalState === 'consulting') {
    const open = pauses.filter((p) => p.end === null).map((p) => p.limitOn).sort();
    warnings.push(`征求意见期间期限暂停，最迟于${open[open.length - 1]}次日恢复计算；到期日按最迟恢复估算`);
  }

  const missingCalendarYears = [...missingYears].sort((a, b) => a - b);
  const calendarWarnings = missingCalendarYears.map(missingYearWarning);

  return {
    state: finalState,
    stateLabel: STATE_LABELS[finalState],
    regime,
    receivedOn,
    receiptRule,
    clockStartOn: start,
    statutoryDueDate,
    dueDate,
    extensionWorkingDays: extensionDays,
    reasonableDelay,
    supplementNoticeDeadline,
    supplementNoticeLate,
    supplementReplyBy: awaiting ? supplementReplyBy : null,
    consultations: [...finishedPauses, ...pauses.map((p) => summarisePause(p, reference, collect))],
    workingDaysElapsed: elapsed,
    workingDaysLeft: left,
    overdue,
    closedOn,
    closedLate,
    outcome,
    sla,
    slaLabel: sla === 'none' ? STATE_LABELS[finalState] : `${SLA_LABELS[sla]}（剩余${Math.max(left ?? 0, 0)}个工作日）`,
    warnings: dedupe([...calendarWarnings, ...warnings]),
    errors,
    missingCalendarYears,
  };
}

function summarisePause(
  p: Pause,
  horizon: CalendarDay,
  collect: <T>(r: { value: T; missingYears: number[]; warnings: string[] }) => T,
): ConsultationSummary {
  const end = pauseEnd(p);
  const until = end < horizon ? end : horizon;
  return {
    consultationId: p.id,
    party: p.party,
    partyLabel: CONSULTATION_PARTIES[p.party],
    startedOn: p.start,
    endedOn: p.end,
    limitOn: p.limitOn,
    pausedWorkingDays: collect(countWorkingDays(p.start, until, () => false)),
  };
}

function emptyClock(): DisclosureClock {
  return {
    state: 'not_received',
    stateLabel: STATE_LABELS.not_received,
    regime: null,
    receivedOn: null,
    receiptRule: null,
    clockStartOn: null,
    statutoryDueDate: null,
    dueDate: null,
    extensionWorkingDays: 0,
    reasonableDelay: null,
    supplementNoticeDeadline: null,
    supplementNoticeLate: false,
    supplementReplyBy: null,
    consultations: [],
    workingDaysElapsed: 0,
    workingDaysLeft: null,
    overdue: false,
    closedOn: null,
    closedLate: false,
    outcome: null,
    sla: 'none',
    slaLabel: STATE_LABELS.not_received,
    warnings: [],
    errors: [],
    missingCalendarYears: [],
  };
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}
