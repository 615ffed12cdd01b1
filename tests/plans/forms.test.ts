/**
 * The plan editor's form: blank rows are ignored, values come back as a plan (channels in release
 * order, hours as numbers), and each mistake is named in Chinese under the editor field that shows
 * it (the row's own field for a step or Q&A); a stored plan round-trips through the editor values.
 */
import { describe, expect, test } from 'vitest';
import { parseActivateForm, parsePlanForm, parseTickForm, planToValues } from '@/lib/plans/forms';
import { BUILT_IN_PLANS } from '@/lib/plans/library';
import { PlanSchema } from '@/lib/plans/schema';

const valid: Record<string, string> = {
  name: '透水事故舆情应对',
  scope: 'event',
  tier: '较大',
  types: '12,15',
  grades: '重大,较大',
  core: '据初步核实……',
  spokesperson: '新闻发言人',
  channels: '媒体,网站',
  'step-0-title': '核实被困人数',
  'step-0-responsible': '舆情值班员',
  'step-0-hours': '0.5',
  'step-1-title': '',
  'step-1-responsible': '',
  'step-1-hours': '',
  'step-2-title': '评估',
  'step-2-responsible': '宣教办',
  'step-2-optional': 'on',
  'qa-0-question': '原因？',
  'qa-0-answer': '正在调查。',
};

describe('parsePlanForm', () => {
  test('a valid form becomes a plan; blank rows are skipped', () => {
    const r = parsePlanForm(valid);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.accidentTypes).toEqual(['12', '15']);
    expect(r.value.grades).toEqual(['重大', '较大']);
    expect(r.value.body.channels).toEqual(['网站', '媒体']);
    expect(r.value.body.steps).toEqual([
      { title: '核实被困人数', responsible: '舆情值班员', dueHours: 0.5, optional: false },
      { title: '评估', responsible: '宣教办', dueHours: null, optional: true },
    ]);
    expect(r.value.body.wording.qa).toEqual([{ question: '原因？', answer: '正在调查。' }]);
  });

  test('each mistake is named in Chinese next to its field', () => {
    const r = parsePlanForm({
      ...valid,
      name: '  ',
      types: '12,99',
      grades: '',
      channels: '',
      core: '',
      'step-2-responsible': '',
      'step-0-hours': '半小时',
      'qa-0-answer': '',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toMatchObject({
      name: '请填写预案名称',
      types: '未知的事故类型',
      grades: '至少选择一个适用等级',
      channels: '至少选择一个发布渠道',
      core: '请填写核心口径（快报事实、慎报原因）',
      'step-2-responsible': '请填写责任角色或单位',
      'step-0-hours': '时限须为数字（小时），如 1 或 0.5',
      'qa-0-answer': '请填写答复口径',
    });
  });

  test('no steps at all, negative hours and a missing tier are refused', () => {
    const r = parsePlanForm({ name: 'x', scope: 'event', grades: '一般', core: 'c', spokesperson: 's', channels: '网站' });
    expect(r).toEqual({ ok: false, errors: { tier: '请选择舆情层级', steps: '至少填写一个处置步骤' } });
    const neg = parsePlanForm({ ...valid, 'step-0-hours': '-1' });
    expect(neg).toMatchObject({ ok: false, errors: { 'step-0-hours': '时限不能为负数' } });
  });

  test('every built-in plan round-trips through the editor values', () => {
    for (const b of BUILT_IN_PLANS) {
      const plan = PlanSchema.parse(b.plan);
      expect(parsePlanForm(planToValues(plan))).toEqual({ ok: true, value: plan });
    }
  });
});

describe('small forms', () => {
  test('ids are checked', () => {
    expect(parseActivateForm({ planId: '3', eventId: '7' })).toEqual({ ok: true, value: { planId: 3, eventId: 7 } });
    expect(parseActivateForm({ planId: 'x', eventId: '7' })).toMatchObject({ ok: false, errors: { planId: '预案无效' } });
    expect(parseTickForm({ runId: '1', seq: '0', note: '' })).toEqual({ ok: true, value: { runId: 1, seq: 0, note: null } });
    expect(parseTickForm({ runId: '1', seq: '0', note: 'x'.repeat(501) })).toMatchObject({ ok: false, errors: { note: '说明不能超过 500 个字' } });
  });
});
