/**
 * The built-in plan library, written by us from DOMAIN §4.1 (SAWS tiered procedure, 2014) and §4.2
 * (fields of a release-specific 舆情应对预案). Seeded once by key (lib/db/plans seedPlanLibrary);
 * the press office edits them afterwards. Wording follows "快报事实、慎报原因": confirmed facts first,
 * causes only from the investigation. Checked against PlanSchema by the tests.
 */
import type { PlanInput } from './schema';

export interface BuiltInPlan {
  seedKey: string;
  plan: PlanInput;
}

export const BUILT_IN_PLANS: readonly BuiltInPlan[] = [
  {
    seedKey: 'builtin.major-accident',
    plan: {
      name: '较大及以上生产安全事故舆情应对',
      scope: 'event',
      tier: '重大以上',
      accidentTypes: [],
      grades: ['特别重大', '重大', '较大'],
      body: {
        summary: '较大及以上生产安全事故引发的网络舆情。重大以上按舆情应急预案处置，形成舆情专报；较大形成简报报分管领导。',
        steps: [
          { title: '电话报告值班领导，核实事故基本情况（时间、地点、单位、伤亡）', responsible: '舆情值班员', dueHours: 0.5 },
          { title: '研判舆情层级，重大以上启动舆情应急预案', responsible: '领导', dueHours: 1 },
          { title: '按“快报事实、慎报原因”拟写首发通报', responsible: '撰稿人', dueHours: 2 },
          { title: '保密审查与领导签发首发通报', responsible: '保密审查员', dueHours: 4 },
          { title: '网站首发权威信息，同步两微一端', responsible: '舆情值班员', dueHours: 5 },
          { title: '形成舆情专报（较大：简报），报主要领导、分管领导批示', responsible: '宣教办', dueHours: 6 },
          { title: '筹备并举行新闻发布会', responsible: '新闻发言人', dueHours: 24 },
          { title: '持续发布救援进展、伤亡变化和善后情况', responsible: '舆情值班员', dueHours: 48, optional: true },
          { title: '事后评估舆情应对效果', responsible: '宣教办', dueHours: null, optional: true },
        ],
        wording: {
          core: '据初步核实，×月×日×时许，××（单位）发生一起××事故，造成×人死亡、×人受伤、×人失联。事故发生后，××立即启动应急响应，组织救援，全力救治伤员，做好善后工作。事故原因正在调查中，调查结果将及时向社会公布。',
          qa: [
            { question: '网传死亡人数与通报不符？', answer: '以官方通报为准。伤亡情况如有变化，我们将第一时间发布，请不信谣、不传谣。' },
            { question: '事故原因是什么？是否存在违规生产？', answer: '事故原因正在调查中。调查将依法依规进行，结果及时公布，对责任人依法严肃追究。' },
            { question: '企业此前是否被处罚过？', answer: '有关情况正在核查，核实后将一并向社会通报。' },
          ],
        },
        spokesperson: '新闻发言人（宣教办主任）',
        liaison: '宣教办值班电话；属地政府宣传部门、网信部门联络人',
        channels: ['网站', '两微一端', '发布会', '媒体'],
      },
    },
  },
  {
    seedKey: 'builtin.general-accident',
    plan: {
      name: '一般事故舆情应对',
      scope: 'event',
      tier: '一般',
      accidentTypes: [],
      grades: ['一般'],
      body: {
        summary: '一般事故引发的网络舆情：列入舆情动态，转责任单位办理，本单位负责人审核后回应，48 小时内回应。',
        steps: [
          { title: '列入舆情动态，核实信息来源与基本事实', responsible: '舆情值班员', dueHours: 2 },
          { title: '转责任单位，明确回应口径', responsible: '属地应急管理部门', dueHours: 12 },
          { title: '本单位负责人审核回应内容', responsible: '领导', dueHours: 24 },
          { title: '网站或政务新媒体发布回应', responsible: '舆情值班员', dueHours: 48 },
          { title: '跟踪回应后的网民反应，必要时升级为较大舆情', responsible: '舆情值班员', dueHours: 72, optional: true },
        ],
        wording: {
          core: '××月××日，××发生一起××事故，造成×人受伤（死亡）。事故发生后，属地有关部门第一时间赶赴现场处置。事故原因正在调查中。',
          qa: [{ question: '为什么没有看到官方通报？', answer: '有关情况已在××网站发布，后续进展将持续公开。' }],
        },
        spokesperson: '责任单位新闻发言人',
        liaison: null,
        channels: ['网站', '两微一端'],
      },
    },
  },
  {
    seedKey: 'builtin.disaster-warning-release',
    plan: {
      name: '自然灾害预警发布舆情应对',
      scope: 'release',
      tier: '较大',
      accidentTypes: [],
      grades: ['特别重大', '重大', '较大', '一般'],
      body: {
        summary: '发布自然灾害预警（类别、级别、起始时间、影响范围、警示事项、应采取的措施、发布单位和时间）前的舆情研判与发布安排。',
        steps: [
          { title: '研判预警发布后可能的关注点（停工停课、转移安置、谣言）', responsible: '舆情值班员', dueHours: 1 },
          { title: '拟写预警信息和答问口径', responsible: '撰稿人', dueHours: 2 },
          { title: '审核签发', responsible: '领导', dueHours: 3 },
          { title: '网站发布预警，同步两微一端，公布咨询电话', responsible: '舆情值班员', dueHours: 4 },
          { title: '预警调整或解除时及时重新发布', responsible: '舆情值班员', dueHours: null, optional: true },
        ],
        wording: {
          core: '××发布××灾害×色预警：预计××时至××时，××地区可能出现××，请有关单位和公众做好防范。咨询电话：××。',
          qa: [{ question: '预警级别为什么调整？', answer: '根据最新监测和会商研判结果调整，调整和解除情况将及时发布。' }],
        },
        spokesperson: '新闻发言人',
        liaison: '气象、水利、自然资源部门联络人',
        channels: ['网站', '两微一端', '媒体'],
      },
    },
  },
];
