/**
 * Kinds of accident-information release (发布) and the elements each must contain.
 *
 * Field lists follow DOMAIN.md §3.3: the Heilongjiang 2009 rule for the first release (unit;
 * time, place and scene; brief account; dead, injured, 下落不明 and 涉险; initial loss estimate;
 * measures taken) and for follow-ups (casualty changes, rescue, investigation, 善后); 493 art. 30
 * (§2.3) for investigation results; "快报事实、慎报原因" (§4.2). Which elements are required rather
 * than recommended is the team's proposal [R]: a press office should review it.
 */
import { z } from 'zod';

export const RELEASE_KINDS = ['first_report', 'follow_up', 'investigation', 'positive_update'] as const;
export type ReleaseKind = (typeof RELEASE_KINDS)[number];
export const ReleaseKindSchema = z.enum(RELEASE_KINDS);

export const RELEASE_KIND_LABELS: Readonly<Record<ReleaseKind, string>> = {
  first_report: '首报（救援进展）',
  follow_up: '续报（救援进展）',
  investigation: '事故调查结果',
  positive_update: '正面回应/后续进展',
};

/** The three groups issue 7 names: rescue progress, investigation results, positive follow-up. */
export const RELEASE_KIND_GROUPS: Readonly<Record<ReleaseKind, '救援进展' | '调查结果' | '后续进展'>> = {
  first_report: '救援进展',
  follow_up: '救援进展',
  investigation: '调查结果',
  positive_update: '后续进展',
};

export const RELEASE_ELEMENT_IDS = [
  'time',
  'asOf',
  'place',
  'enterprise',
  'accidentType',
  'casualties',
  'loss',
  'rescue',
  'measures',
  'nextRelease',
  'contact',
  'issuer',
  'investigationTeam',
  'grade',
  'nature',
  'cause',
  'responsibility',
  'rectification',
  'reportPublished',
  'progress',
  'concern',
] as const;
export type ReleaseElementId = (typeof RELEASE_ELEMENT_IDS)[number];

export const RELEASE_ELEMENT_LABELS: Readonly<Record<ReleaseElementId, string>> = {
  time: '事故发生时间',
  asOf: '数据截至时间',
  place: '事故发生地点',
  enterprise: '事故发生单位',
  accidentType: '事故类型',
  casualties: '人员伤亡情况（死亡、受伤、失联、被困）',
  loss: '直接经济损失',
  rescue: '救援进展',
  measures: '已采取的措施',
  nextRelease: '下次发布时间（后续发布安排）',
  contact: '新闻联系人或联系电话',
  issuer: '发布单位（署名）',
  investigationTeam: '事故调查组',
  grade: '事故等级',
  nature: '事故性质',
  cause: '事故原因',
  responsibility: '责任认定及处理',
  rectification: '防范和整改措施',
  reportPublished: '调查报告全文公开位置',
  progress: '后续工作进展（善后、整改、调查、排查等）',
  concern: '回应的社会关切',
};

export type ElementLevel = 'required' | 'recommended';

export interface ReleaseElement {
  id: ReleaseElementId;
  label: string;
  /** A missing required element blocks review; a missing recommended one is a warning. */
  level: ElementLevel;
}

export interface ReleaseKindSpec {
  kind: ReleaseKind;
  label: string;
  /** Where the element list comes from, for the reviewer. */
  basis: string;
  elements: readonly ReleaseElement[];
}

function el(id: ReleaseElementId, level: ElementLevel): ReleaseElement {
  return { id, label: RELEASE_ELEMENT_LABELS[id], level };
}

export const RELEASE_KIND_SPECS: Readonly<Record<ReleaseKind, ReleaseKindSpec>> = {
  first_report: {
    kind: 'first_report',
    label: RELEASE_KIND_LABELS.first_report,
    basis: '首次发布：单位、时间地点、简要经过、伤亡（含下落不明、涉险）、已采取措施（黑龙江 2009 规定；493号条例第12条）',
    elements: [
      el('time', 'required'),
      el('place', 'required'),
      el('enterprise', 'required'),
      el('accidentType', 'required'),
      el('casualties', 'required'),
      el('rescue', 'required'),
      el('measures', 'required'),
      el('nextRelease', 'required'),
      el('contact', 'required'),
      el('issuer', 'required'),
      el('loss', 'recommended'),
    ],
  },
  follow_up: {
    kind: 'follow_up',
    label: RELEASE_KIND_LABELS.follow_up,
    basis: '续报：伤亡和损失变化、救援进展、调查、善后（黑龙江 2009 规定）；续报每日或早晚各一次（总局通知）',
    elements: [
      el('place', 'required'),
      el('accidentType', 'required'),
      el('asOf', 'required'),
      el('casualties', 'required'),
      el('rescue', 'required'),
      el('nextRelease', 'required'),
      el('issuer', 'required'),
      el('time', 'recommended'),
      el('enterprise', 'recommended'),
      el('measures', 'recommended'),
      el('contact', 'recommended'),
    ],
  },
  investigation: {
    kind: 'investigation',
    label: RELEASE_KIND_LABELS.investigation,
    basis: '事故调查报告内容：单位概况、经过和救援、伤亡和直接经济损失、原因和性质、责任认定和处理建议、防范和整改措施（493号条例第30条）',
    elements: [
      el('time', 'required'),
      el('place', 'required'),
      el('enterprise', 'required'),
      el('accidentType', 'required'),
      el('casualties', 'required'),
      el('loss', 'required'),
      el('grade', 'required'),
      el('nature', 'required'),
      el('cause', 'required'),
      el('responsibility', 'required'),
      el('rectification', 'required'),
      el('issuer', 'required'),
      el('investigationTeam', 'recommended'),
      el('reportPublished', 'recommended'),
    ],
  },
  positive_update: {
    kind: 'positive_update',
    label: RELEASE_KIND_LABELS.positive_update,
    basis: '后续发布：善后、整改、调查进展；及时发布准确信息澄清不实信息（突发事件应对法2024第7条；74号通知）',
    elements: [
      el('place', 'required'),
      el('accidentType', 'required'),
      el('progress', 'required'),
      el('issuer', 'required'),
      el('time', 'recommended'),
      el('concern', 'recommended'),
      el('contact', 'recommended'),
      el('nextRelease', 'recommended'),
    ],
  },
};

export function releaseKindLabel(kind: ReleaseKind): string {
  return RELEASE_KIND_LABELS[kind];
}
