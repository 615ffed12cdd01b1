/**
 * The 依申请公开 forms: each wrong field gets its own Chinese message, the channel decides which
 * receipt date is required (art. 31), and nothing after today is accepted.
 */
import { describe, expect, test } from 'vitest';
import { disclosureNumber, parseRegistrationForm, parseStepForm, receiptFieldsFor } from '@/lib/workflow/disclosure-form';

const TODAY = '2026-11-25';
const base = { applicantName: '张某', applicantType: 'natural_person', contact: '13800000000', description: '某矿事故调查报告' };

describe('registration form', () => {
  test('a complete form by registered post gives the received event with the signing date', () => {
    const r = parseRegistrationForm({ ...base, channel: '邮寄', postKind: '需签收', signedOn: '2026-04-03', note: '  挂号信  ' }, TODAY);
    expect(r).toEqual({
      ok: true,
      value: { ...base, received: { type: 'received', channel: '邮寄', postKind: '需签收', signedOn: '2026-04-03' }, note: '挂号信' },
      warnings: [],
    });
  });

  test('every missing field is named next to itself, in Chinese', () => {
    const r = parseRegistrationForm({ channel: '邮寄', postKind: '需签收' }, TODAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      applicantName: '请填写申请人姓名或名称',
      applicantType: '请选择申请人类型',
      contact: '请填写联系方式（第29条：申请人的联系方式）',
      description: '请填写所需信息的名称、文号或描述（第29条）',
      signedOn: '请填写本机关签收日期',
    });
  });

  test('the channel decides the receipt field: ordinary letters need the confirmation day, the internet the mutual confirmation', () => {
    expect(receiptFieldsFor('邮寄', '平常信函').filter((f) => f.required).map((f) => f.name)).toEqual(['confirmedOn']);
    expect(receiptFieldsFor('网络', undefined).filter((f) => f.required).map((f) => f.name)).toEqual(['confirmedOn']);
    expect(receiptFieldsFor('当面', undefined).filter((f) => f.required).map((f) => f.name)).toEqual(['submittedOn']);
    const r = parseRegistrationForm({ ...base, channel: '网络', submittedOn: '2026-11-01' }, TODAY);
    expect(r).toMatchObject({ ok: false, errors: { confirmedOn: '请填写双方确认日期' } });
    const late = parseRegistrationForm({ ...base, channel: '邮寄', postKind: '平常信函', arrivedOn: '2026-11-02', confirmedOn: '2026-11-04' }, TODAY);
    expect(late.ok && late.warnings[0]).toMatch(/第31条要求在收到当日与申请人确认/);
  });

  test('dates: not after today, real days only, confirmation not before submission', () => {
    expect(parseRegistrationForm({ ...base, channel: '当面', submittedOn: '2026-11-26' }, TODAY)).toMatchObject({ ok: false, errors: { submittedOn: '日期不能晚于今天（2026-11-25）' } });
    expect(parseRegistrationForm({ ...base, channel: '当面', submittedOn: '2026-02-30' }, TODAY)).toMatchObject({ ok: false, errors: { submittedOn: '日期不存在' } });
    expect(parseRegistrationForm({ ...base, channel: '当面', submittedOn: '2026/11/02' }, TODAY)).toMatchObject({ ok: false, errors: { submittedOn: '日期格式应为 YYYY-MM-DD' } });
    const r = parseRegistrationForm({ ...base, channel: '传真', submittedOn: '2026-11-05', confirmedOn: '2026-11-04' }, TODAY);
    expect(r).toMatchObject({ ok: false, errors: { confirmedOn: expect.stringContaining('早于申请人提交之日') } });
  });

  test('an unknown channel or applicant type is refused, and over-long text is measured', () => {
    const r = parseRegistrationForm({ ...base, applicantType: 'alien', channel: '飞鸽', applicantName: '名'.repeat(101) }, TODAY);
    expect(r).toMatchObject({ ok: false, errors: { applicantType: '请选择申请人类型', channel: '请选择提交渠道', applicantName: '申请人最多 100 个字（现为 101 个）' } });
  });
});

describe('step forms', () => {
  test('each step becomes its event', () => {
    expect(parseStepForm({ type: 'supplement_requested', on: '2026-11-10', replyBy: '2026-12-10' }, TODAY)).toMatchObject({ ok: true, value: { event: { type: 'supplement_requested', on: '2026-11-10', replyBy: '2026-12-10' }, note: null } });
    expect(parseStepForm({ type: 'consultation_started', on: '2026-11-10', party: 'other_agency' }, TODAY)).toMatchObject({ ok: true, value: { event: { type: 'consultation_started', party: 'other_agency', consultationId: 'default' } } });
    expect(parseStepForm({ type: 'extension_approved', on: '2026-11-10', workingDays: '２０', approvedBy: '李主任', noticeSentOn: '2026-11-11' }, TODAY)).toMatchObject({ ok: true, value: { event: { workingDays: 20 } } });
    expect(parseStepForm({ type: 'closed', on: '2026-11-10', category: 'UNABLE', reason: 'NOT_HELD', art36Item: 'NOT_EXIST' }, TODAY)).toMatchObject({ ok: true, value: { event: { type: 'closed', category: 'UNABLE', reason: 'NOT_HELD', art36Item: 'NOT_EXIST' } } });
  });

  test('wrong fields are named', () => {
    expect(parseStepForm({ type: 'supplement_received', on: '' }, TODAY)).toEqual({ ok: false, errors: { on: '请填写日期' } });
    expect(parseStepForm({ type: 'extension_approved', on: '2026-11-10', workingDays: '21', approvedBy: ' ', noticeSentOn: '2026-11-09' }, TODAY)).toEqual({
      ok: false,
      errors: { workingDays: '延长的期限最长不得超过 20 个工作日（第33条）', approvedBy: '请填写批准人（政府信息公开工作机构负责人，第33条）', noticeSentOn: '告知申请人的日期不能早于批准日期' },
    });
    expect(parseStepForm({ type: 'closed', on: '2026-11-10', category: 'REFUSE', art36Item: '' }, TODAY)).toEqual({
      ok: false,
      errors: { reason: '“不予公开”须选择具体理由', art36Item: '请选择答复所依据的第36条情形' },
    });
    expect(parseStepForm({ type: 'closed', on: '2026-11-10', category: 'REFUSE', reason: 'NOT_HELD', art36Item: 'REFUSE' }, TODAY)).toMatchObject({ ok: false, errors: { reason: '所选理由不属于“不予公开”' } });
    expect(parseStepForm({ type: 'supplement_requested', on: '2026-11-10', replyBy: '2026-11-10' }, TODAY)).toMatchObject({ ok: false, errors: { replyBy: '补正期限须晚于告知日期' } });
    expect(parseStepForm({ type: 'reasonable_delay', on: '2026-11-10', dueDate: '', reason: '' }, TODAY)).toMatchObject({ ok: false, errors: { dueDate: '请填写确定的答复期限', reason: '请填写延迟答复的理由（第35条）' } });
    expect(parseStepForm({ type: 'drop_table', on: '2026-11-10' }, TODAY)).toEqual({ ok: false, errors: { type: '未知的办理步骤' } });
    expect(parseStepForm({ type: 'supplement_received', on: '2026-11-26' }, TODAY)).toEqual({ ok: false, errors: { on: '日期不能晚于今天（2026-11-25）' } });
  });

  test('request numbers', () => {
    expect(disclosureNumber(2026, 12)).toBe('依申〔2026〕第 12 号');
  });
});
