/**
 * The release-specific 预案 fields (DOMAIN §4.2: item, 风险研判, monitoring plan, trigger matrix,
 * positive material, post-release review) on release-scope plans: parsed from the editor's rel-*
 * fields, errors named in Chinese under the field that shows them, empty sections stored as null,
 * dropped from event-scope plans, round-tripped through the editor values; stored plans without the
 * section still parse.
 */
import { describe, expect, test } from 'vitest';
import { parsePlanForm, planToValues } from '@/lib/plans/forms';
import { BUILT_IN_PLANS } from '@/lib/plans/library';
import { PlanSchema } from '@/lib/plans/schema';

const base: Record<string, string> = {
  name: '事故调查报告发布预案',
  scope: 'release',
  tier: '较大',
  types: '12',
  grades: '较大',
  core: '快报事实、慎报原因。',
  spokesperson: '新闻发言人',
  channels: '网站,两微一端',
  'step-0-title': '报告全文挂网',
  'step-0-responsible': '舆情值班员',
};

const release: Record<string, string> = {
  'rel-type': '调查报告',
  'rel-planned': '结案批复后 3 个工作日内',
  'rel-questions': '死亡人数与网传不符\n\n责任人处理偏轻\n企业此前多次被罚',
  'rel-stakeholders': '家属,企业,属地政府',
  'rel-dates': '事故一周年（11月20日）',
  'rel-level': '高',
  'rel-keywords': '临汾 透水 调查报告',
  'rel-platforms': '微博、本地论坛',
  'rel-frequency': '发布后 24 小时内每小时',
  'rel-thresholds': '负面占比超过 50% 或出现家属维权帖即升级',
  'rel-trigger-一般-product': '动态',
  'rel-trigger-一般-approver': '值班长',
  'rel-trigger-重大以上-product': '专报',
  'rel-trigger-重大以上-approver': '主要领导',
  'rel-positive': '整改落实情况、全省大检查进展',
  'rel-review': '发布后一周评估舆情走势和口径效果',
};

describe('release-scope plan fields', () => {
  test('parsed into the §4.2 structure; blank lines and untouched trigger rows are left out', () => {
    const r = parsePlanForm({ ...base, ...release });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.body.release).toEqual({
      itemType: '调查报告',
      plannedAt: '结案批复后 3 个工作日内',
      risk: { questions: ['死亡人数与网传不符', '责任人处理偏轻', '企业此前多次被罚'], stakeholders: ['家属', '企业', '属地政府'], sensitiveDates: '事故一周年（11月20日）', level: '高' },
      monitoring: { keywords: '临汾 透水 调查报告', platforms: '微博、本地论坛', frequency: '发布后 24 小时内每小时', thresholds: '负面占比超过 50% 或出现家属维权帖即升级' },
      triggers: [
        { tier: '一般', product: '动态', approver: '值班长' },
        { tier: '重大以上', product: '专报', approver: '主要领导' },
      ],
      positiveMaterial: '整改落实情况、全省大检查进展',
      postReview: '发布后一周评估舆情走势和口径效果',
    });
  });

  test('optional: a release plan without them, and an event plan with them, store null', () => {
    const none = parsePlanForm(base);
    expect(none.ok && none.value.body.release).toBe(null);
    const event = parsePlanForm({ ...base, ...release, scope: 'event' });
    expect(event.ok).toBe(true);
    if (event.ok) expect(event.value.body.release).toBeNull();
  });

  test('each mistake is named in Chinese under its field', () => {
    const r = parsePlanForm({
      ...base,
      ...release,
      'rel-type': '新闻稿',
      'rel-level': '极高',
      'rel-trigger-重大以上-product': '',
      'rel-trigger-一般-approver': '',
      'rel-positive': '正'.repeat(2001),
    });
    expect(r).toEqual({
      ok: false,
      errors: {
        'rel-type': '未知的发布事项类型',
        'rel-level': '风险等级须为低、中或高',
        'rel-trigger-一般-approver': '请填写审批人',
        'rel-trigger-重大以上-product': '请选择产品（动态、简报或专报）',
        'rel-positive': '事先准备的正面材料不能超过 2000 个字',
      },
    });
  });

  test('a stored release plan round-trips through the editor values', () => {
    const r = parsePlanForm({ ...base, ...release });
    if (!r.ok) throw new Error('invalid');
    const again = parsePlanForm(planToValues(r.value));
    expect(again).toEqual(r);
  });

  test('stored plans from before (no release section) still parse, and the built-in ones are unchanged', () => {
    for (const p of BUILT_IN_PLANS) {
      const parsed = PlanSchema.parse(p.plan);
      expect(parsed.body.release).toBeNull();
    }
    const first = BUILT_IN_PLANS[0]!.plan;
    const { release: _omit, ...oldBody } = PlanSchema.parse(first).body;
    expect(PlanSchema.safeParse({ ...first, body: oldBody }).success).toBe(true);
  });
});

describe('the editor fieldset', () => {
  test('renders exactly the fields the parser reads, filled from a stored plan, with errors next to their fields', async () => {
    const { createElement } = await import('react');
    const { renderToStaticMarkup } = await import('react-dom/server');
    const { ReleasePlanFields } = await import('@/components/releases/ReleasePlanFields');
    const { RELEASE_FIELD_NAMES, releaseToValues } = await import('@/lib/plans/forms');
    const parsed = parsePlanForm({ ...base, ...release, 'rel-stakeholders': '家属,企业,应急救援队伍' });
    if (!parsed.ok) throw new Error('invalid');
    const values = releaseToValues(parsed.value.body.release);
    const html = renderToStaticMarkup(createElement(ReleasePlanFields, { values, errors: { 'rel-level': '风险等级须为低、中或高' }, idPrefix: 'p' }));
    const names = new Set([...html.matchAll(/ name="([^"]+)"/g)].map((m) => m[1]));
    const triggers = ['一般', '较大', '重大以上'].flatMap((t) => [`rel-trigger-${t}-product`, `rel-trigger-${t}-approver`]);
    expect([...names].sort()).toEqual([...RELEASE_FIELD_NAMES, ...triggers].sort());
    // Known stakeholders are ticked; others go to the free-text box; what is shown parses back the same.
    expect(html).toContain('name="rel-stakeholders" checked="" value="家属"');
    expect(html).toContain('name="rel-stakeholders" value="媒体"');
    expect(html).toContain('value="应急救援队伍"');
    expect(html).toContain('id="p-rel-level" name="rel-level" aria-invalid="true" aria-describedby="p-rel-level-err"');
    expect(html).toContain('<p id="p-rel-level-err" class="pl-field-error">风险等级须为低、中或高</p>');
  });
});
