/**
 * Which next steps a case offers in its current state, and their fields. Only steps the clock can
 * accept now are offered (the server refuses the others anyway, with the reason).
 */
import {
  ART36_ITEMS,
  CONSULTATION_PARTIES,
  OUTCOME_CATEGORIES,
  OUTCOME_REASONS,
  REGIME_LIMITS,
  type DisclosureClock,
} from '@/lib/workflow/disclosure-deadline';
import type { FieldSpec } from '@/components/forms/Field';
import type { StepFormProps } from './StepForm';

type Step = Omit<StepFormProps, 'requestId' | 'expectedCount'>;

const ON = (label: string, help?: string): FieldSpec => ({ name: 'on', label, kind: 'date', required: true, ...(help ? { help } : {}) });
const NOTE: FieldSpec = { name: 'note', label: '说明（可选）', kind: 'textarea', maxLength: 500 };

const REASON_OPTIONS = (Object.keys(OUTCOME_REASONS) as (keyof typeof OUTCOME_REASONS)[]).flatMap((category) =>
  Object.entries(OUTCOME_REASONS[category]).map(([value, label]) => ({ value, label, group: OUTCOME_CATEGORIES[category] })),
);

export function nextSteps(clock: DisclosureClock, today: string): Step[] {
  const steps: Step[] = [];
  if (clock.state === 'closed' || clock.state === 'not_received') return steps;
  const limits = REGIME_LIMITS[clock.regime ?? 'OGI2019'];
  const openConsultations = clock.consultations.filter((c) => c.endedOn === null);
  if (clock.state === 'awaiting_supplement') {
    steps.push({
      type: 'supplement_received',
      title: '收到补正',
      help: '答复期限自收到补正之日起重新计算（第30条）。',
      submitLabel: '记录收到补正',
      fields: [ON('收到补正日期', `按第31条确定；不晚于今天（${today}）`), NOTE],
    });
    steps.push({
      type: 'supplement_abandoned',
      title: '视为放弃申请',
      help: '申请人无正当理由逾期不补正的，视为放弃申请，不再处理（第30条）；年报计入“其他处理”。',
      submitLabel: '按放弃处理',
      fields: [ON('决定日期'), NOTE],
    });
  } else {
    if (openConsultations.length === 0) {
      steps.push({
        type: 'supplement_requested',
        title: '告知补正',
        help: `申请内容不明确的，应自收到申请之日起${limits.supplementNoticeDays ?? 7}个工作日内一次性告知补正（第30条）${clock.supplementNoticeDeadline ? `，最迟 ${clock.supplementNoticeDeadline}` : ''}。告知后期限中止。`,
        submitLabel: '记录告知补正',
        fields: [
          ON('告知日期'),
          { name: 'replyBy', label: '补正期限（可选）', kind: 'date', help: '告知申请人的合理补正期限' },
          NOTE,
        ],
      });
    }
    steps.push({
      type: 'consultation_started',
      title: '征求意见',
      help: '征求第三方（第32条）或其他机关（第34条）意见的时间不计入答复期限；对方 15 个工作日内未答复的，期限自动恢复计算。',
      submitLabel: '记录征求意见',
      fields: [
        ON('发出征求意见日期'),
        { name: 'party', label: '征求意见对象', kind: 'select', required: true, options: Object.entries(CONSULTATION_PARTIES).map(([value, label]) => ({ value, label })) },
        { name: 'letterReceivedOn', label: '对方收到征求意见书日期（可选）', kind: 'date', help: '15 个工作日自此起算；不填按发出日期' },
        NOTE,
      ],
    });
    if (clock.extensionWorkingDays === 0 && !clock.reasonableDelay) {
      steps.push({
        type: 'extension_approved',
        title: '延长答复期限',
        help: `须经政府信息公开工作机构负责人同意并告知申请人，最长 ${limits.maxExtensionDays} 个工作日，且须在原期限${clock.dueDate ? `（${clock.dueDate}）` : ''}届满前决定（第33条）。`,
        submitLabel: '记录延期',
        fields: [
          ON('批准日期'),
          { name: 'workingDays', label: '延长工作日数', kind: 'number', required: true, defaultValue: String(limits.maxExtensionDays) },
          { name: 'approvedBy', label: '批准人', kind: 'text', required: true, maxLength: 50, help: '政府信息公开工作机构负责人' },
          { name: 'noticeSentOn', label: '告知申请人日期', kind: 'date', required: true },
          NOTE,
        ],
      });
    }
    if (clock.regime === 'OGI2019' && !clock.reasonableDelay) {
      steps.push({
        type: 'reasonable_delay',
        title: '确定延迟答复期限（第35条）',
        help: '申请数量、频次明显超过合理范围，理由合理但无法在法定期限内答复的，可确定延迟答复的合理期限并告知申请人。',
        submitLabel: '记录延迟答复',
        fields: [
          ON('决定日期'),
          { name: 'dueDate', label: '确定的答复期限', kind: 'date', required: true },
          { name: 'reason', label: '理由', kind: 'textarea', required: true, maxLength: 500 },
          NOTE,
        ],
      });
    }
  }
  if (openConsultations.length > 0) {
    steps.push({
      type: 'consultation_ended',
      title: '收到意见',
      help: '收到答复后期限恢复计算。',
      submitLabel: '记录收到意见',
      fields: [
        ON('收到答复日期'),
        {
          name: 'consultationId',
          label: '哪一项征求意见',
          kind: 'select',
          required: true,
          options: openConsultations.map((c) => ({ value: c.consultationId, label: `${c.partyLabel}，${c.startedOn} 发出` })),
          ...(openConsultations.length === 1 ? { defaultValue: openConsultations[0]?.consultationId } : {}),
        },
        NOTE,
      ],
    });
  }
  steps.push({
    type: 'closed',
    title: '办结答复',
    help: '按第36条答复申请人，并选择年度报告的办理结果类别。',
    submitLabel: '办结',
    fields: [
      ON('答复日期'),
      { name: 'art36Item', label: '答复情形（第36条）', kind: 'select', required: true, options: Object.entries(ART36_ITEMS).map(([value, label]) => ({ value, label })) },
      { name: 'category', label: '办理结果（年度报告）', kind: 'select', required: true, options: Object.entries(OUTCOME_CATEGORIES).map(([value, label]) => ({ value, label })) },
      { name: 'reason', label: '具体理由', kind: 'select', options: REASON_OPTIONS, help: '予以公开、部分公开不选；其他类别须选择对应理由' },
      NOTE,
    ],
  });
  return steps;
}

export const REVIEW_STEP: Step = {
  type: 'review',
  title: '记录行政复议或行政诉讼',
  help: '申请人对答复不服提起的行政复议、行政诉讼，计入年度报告的复议诉讼情况。',
  submitLabel: '记录',
  fields: [
    {
      name: 'kind',
      label: '类别',
      kind: 'select',
      required: true,
      options: [
        { value: 'review', label: '行政复议' },
        { value: 'litigation_direct', label: '行政诉讼（未经复议直接起诉）' },
        { value: 'litigation_after_review', label: '行政诉讼（复议后起诉）' },
      ],
    },
    { name: 'filedOn', label: '提起日期', kind: 'date', required: true },
    {
      name: 'result',
      label: '结果（可选）',
      kind: 'select',
      options: [
        { value: 'upheld', label: '结果维持' },
        { value: 'corrected', label: '结果纠正' },
        { value: 'other', label: '其他结果' },
      ],
      help: '尚未审结的不选',
    },
    { name: 'decidedOn', label: '决定或判决日期（可选）', kind: 'date' },
  ],
};
