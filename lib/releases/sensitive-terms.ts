/**
 * Terms a release must not contain, or that a reviewer must look at, before 保密审查 (DOMAIN §4.5).
 * The team's own short list (not the analysis lexicons, which score what others write): marks of
 * classified or internal material, wording that states an unconfirmed cause ("快报事实、慎报原因",
 * §4.2), speculation, and drafting leftovers. Plain data: review and extend it with press-office staff.
 */
import type { ReleaseKind } from './kinds';

export type SensitiveCategory = 'classification' | 'internal' | 'unconfirmed_cause' | 'speculation' | 'leftover';

export interface SensitiveTerm {
  term: string;
  severity: 'block' | 'warn';
  category: SensitiveCategory;
  /** Shown to the drafter: why the term matters and what to do. */
  reason: string;
  /** The kinds the term applies to; all kinds when absent. */
  kinds?: readonly ReleaseKind[];
}

export const SENSITIVE_CATEGORY_LABELS: Readonly<Record<SensitiveCategory, string>> = {
  classification: '密级标志',
  internal: '内部或不公开信息',
  unconfirmed_cause: '未经认定的原因',
  speculation: '推测性表述',
  leftover: '起草残留',
};

const RESCUE_AND_FOLLOW_UP: readonly ReleaseKind[] = ['first_report', 'follow_up', 'positive_update'];

const CLASSIFIED = '密级标志不得出现在公开发布稿中；如原文涉密，须经保密审查删除或另行处理';
const INTERNAL = '内部材料或不公开事项不得写入公开发布稿';
const CAUSE = '原因以事故调查组认定为准，救援和续报阶段不作原因判断（快报事实、慎报原因）';

export const SENSITIVE_TERMS: readonly SensitiveTerm[] = [
  // Classification marks (GB/T 9704 版头 密级).
  { term: '绝密', severity: 'block', category: 'classification', reason: CLASSIFIED },
  { term: '机密', severity: 'block', category: 'classification', reason: CLASSIFIED },
  { term: '秘密', severity: 'block', category: 'classification', reason: CLASSIFIED },
  { term: '涉密', severity: 'block', category: 'classification', reason: CLASSIFIED },
  { term: '密级', severity: 'block', category: 'classification', reason: CLASSIFIED },
  { term: '保密期限', severity: 'block', category: 'classification', reason: CLASSIFIED },

  // Internal material and withheld matters.
  { term: '内部资料', severity: 'block', category: 'internal', reason: INTERNAL },
  { term: '内部文件', severity: 'block', category: 'internal', reason: INTERNAL },
  { term: '内部通报', severity: 'block', category: 'internal', reason: INTERNAL },
  { term: '内部参考', severity: 'block', category: 'internal', reason: INTERNAL },
  { term: '仅供内部', severity: 'block', category: 'internal', reason: INTERNAL },
  { term: '内部传阅', severity: 'block', category: 'internal', reason: INTERNAL },
  { term: '请勿外传', severity: 'block', category: 'internal', reason: INTERNAL },
  { term: '不得外传', severity: 'block', category: 'internal', reason: INTERNAL },
  { term: '注意保密', severity: 'block', category: 'internal', reason: INTERNAL },
  { term: '不予公开', severity: 'block', category: 'internal', reason: '"不予公开"是依申请公开的答复用语，出现在发布稿中说明混入了内部审批内容' },
  { term: '不宜公开', severity: 'block', category: 'internal', reason: INTERNAL },
  { term: '暂不公开', severity: 'block', category: 'internal', reason: INTERNAL },
  { term: '对外口径', severity: 'block', category: 'internal', reason: '口径是内部应对材料，发布稿应直接陈述事实' },
  { term: '口径', severity: 'warn', category: 'internal', reason: '口径是内部应对材料用语，请确认未混入发布稿' },
  { term: '内部', severity: 'warn', category: 'internal', reason: '请确认所述内容可以公开' },

  // Causes before the investigation team has found them.
  { term: '初步判断为人为', severity: 'block', category: 'unconfirmed_cause', reason: CAUSE },
  { term: '初步判断系人为', severity: 'block', category: 'unconfirmed_cause', reason: CAUSE },
  { term: '系人为所致', severity: 'block', category: 'unconfirmed_cause', reason: CAUSE, kinds: RESCUE_AND_FOLLOW_UP },
  { term: '人为纵火', severity: 'warn', category: 'unconfirmed_cause', reason: '须有公安机关认定，否则不写', kinds: RESCUE_AND_FOLLOW_UP },
  { term: '初步判断', severity: 'warn', category: 'unconfirmed_cause', reason: CAUSE, kinds: RESCUE_AND_FOLLOW_UP },
  { term: '初步认定', severity: 'warn', category: 'unconfirmed_cause', reason: CAUSE, kinds: RESCUE_AND_FOLLOW_UP },
  { term: '原因已查明', severity: 'warn', category: 'unconfirmed_cause', reason: CAUSE, kinds: RESCUE_AND_FOLLOW_UP },
  { term: '事故原因系', severity: 'warn', category: 'unconfirmed_cause', reason: CAUSE, kinds: RESCUE_AND_FOLLOW_UP },
  { term: '事故原因为', severity: 'warn', category: 'unconfirmed_cause', reason: CAUSE, kinds: RESCUE_AND_FOLLOW_UP },

  // Speculation and unverified statements.
  { term: '待核实', severity: 'block', category: 'speculation', reason: '未核实的内容不得发布，核实后改写' },
  { term: '据传', severity: 'warn', category: 'speculation', reason: '发布稿只写已核实的事实' },
  { term: '据说', severity: 'warn', category: 'speculation', reason: '发布稿只写已核实的事实' },
  { term: '疑似', severity: 'warn', category: 'speculation', reason: '发布稿只写已核实的事实', kinds: RESCUE_AND_FOLLOW_UP },
  { term: '可能是', severity: 'warn', category: 'speculation', reason: '发布稿只写已核实的事实', kinds: RESCUE_AND_FOLLOW_UP },

  // Drafting leftovers.
  { term: 'XXX', severity: 'warn', category: 'leftover', reason: '疑似未替换的占位符' },
  { term: '×××', severity: 'warn', category: 'leftover', reason: '疑似未替换的占位符' },
  { term: '待定', severity: 'warn', category: 'leftover', reason: '疑似未完成的内容' },
];
