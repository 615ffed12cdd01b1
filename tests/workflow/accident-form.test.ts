/**
 * The 事故信息公开 forms: Beijing-time inputs become instants with +08:00, required fields and bad
 * values come back in Chinese keyed by field, nothing after today is accepted, and the list's query
 * string drops invalid values with a name instead of failing.
 */
import { describe, expect, test } from 'vitest';
import { parseAccidentListQuery, parseCaseForm, parseEntryForm, parseListingForm, parseRemovalForm, shanghaiInstant, toShanghaiLocalInput } from '@/lib/workflow/accident-form';

/** 2026-04-10 12:00 Beijing time. */
const NOW = new Date('2026-04-10T04:00:00Z');

describe('entry forms', () => {
  test('a datetime-local value is Beijing time', () => {
    expect(shanghaiInstant('2026-03-02T06:30')).toBe('2026-03-02T06:30:00+08:00');
    expect(shanghaiInstant('2026-02-30T06:30')).toBeNull();
    expect(shanghaiInstant('2026-03-02T24:00')).toBeNull();
    expect(toShanghaiLocalInput(new Date('2026-03-01T22:30:00Z'))).toBe('2026-03-02T06:30');
  });

  test('a valid extension parses into the entry the replay uses', () => {
    const r = parseEntryForm({ type: 'extension_approved', on: '2026-04-01', days: '３０', approvedBy: ' 省政府 ', documentNo: '演政函〔2026〕5号', note: '' }, NOW);
    expect(r).toEqual({ ok: true, value: { entry: { type: 'extension_approved', on: '2026-04-01', days: 30, approvedBy: '省政府', documentNo: '演政函〔2026〕5号' }, note: null } });
  });

  test('missing, malformed and future values are named per field in Chinese', () => {
    const r = parseEntryForm({ type: 'extension_approved', on: '2026-04-11', days: '-3', approvedBy: '', documentNo: 'x' }, NOW);
    expect(r).toEqual({ ok: false, errors: { on: '日期不能晚于今天（2026-04-10）', days: '延长日数须为非负整数', approvedBy: '请填写批准机关' } });
    expect(parseEntryForm({ type: 'report_published', on: '2026-4-1', url: 'javascript:alert(1)' }, NOW)).toEqual({
      ok: false,
      errors: { on: '日期格式应为 YYYY-MM-DD' },
    });
    expect(parseEntryForm({ type: 'report_published', on: '2026-04-01', url: 'javascript:alert(1)' }, NOW)).toEqual({ ok: false, errors: { url: '网址须以 http:// 或 https:// 开头' } });
    expect(parseEntryForm({ type: 'rescue_release', at: '2026-04-10T13:00', title: '续报' }, NOW)).toEqual({ ok: false, errors: { at: '时间不能晚于现在' } });
    expect(parseEntryForm({ type: 'supervision', on: '2026-04-01', by: '县安委会', noticeNo: '1' }, NOW).ok).toBe(false);
    expect(parseEntryForm({ type: 'bogus' }, NOW)).toEqual({ ok: false, errors: { type: '未知的记录类型' } });
  });

  test('an appraisal may end after today (its expected end)', () => {
    expect(parseEntryForm({ type: 'appraisal', from: '2026-04-01', to: '2026-05-01' }, NOW).ok).toBe(true);
  });
});

describe('case, listing and removal forms', () => {
  test('case: title and time required; grade from the 493 list; counts are non-negative integers', () => {
    expect(parseCaseForm({ title: '', occurredAt: '' }, NOW)).toEqual({ ok: false, errors: { title: '请填写事故名称', occurredAt: '请填写事故发生时间' } });
    expect(parseCaseForm({ title: 'a', occurredAt: '2026-04-01T08:00', grade: '特大', deaths: '1.5' }, NOW)).toEqual({ ok: false, errors: { grade: '请选择事故等级', deaths: '死亡人数须为非负整数' } });
    const kept = parseCaseForm({ title: '某矿透水事故（较大）', occurredAt: '２０２６-04-01T08:00' }, NOW);
    expect(kept.ok && kept.value.title).toBe('某矿透水事故（较大）');
    const ok = parseCaseForm({ title: '某矿透水', occurredAt: '2026-04-01T08:00', grade: '较大', deaths: '3', eventId: '12' }, NOW);
    expect(ok.ok && ok.value).toMatchObject({ eventId: 12, grade: '较大', deaths: 3, occurredAt: new Date('2026-04-01T00:00:00Z') });
  });

  test('listing and removal', () => {
    expect(parseListingForm({ enterprise: '', grounds: '', listedOn: '2026-04-11', creditCode: '123' }, NOW)).toEqual({
      ok: false,
      errors: { enterprise: '请填写企业名称', creditCode: '统一社会信用代码应为 18 位', grounds: '请填写列入依据（应急管理部令第11号的具体情形）', listedOn: '日期不能晚于今天（2026-04-10）' },
    });
    expect(parseListingForm({ enterprise: '某公司', grounds: '重大事故', listedOn: '2026-04-01', creditCode: '91140100MA0K123456' }, NOW).ok).toBe(true);
    expect(parseRemovalForm({ listingId: '3', removedOn: '', reason: '' }, NOW)).toEqual({ ok: false, errors: { removedOn: '请填写移出日期', reason: '请填写移出理由' } });
  });

  test('list query: default open; invalid values dropped and named', () => {
    expect(parseAccidentListQuery({})).toEqual({ filter: 'open', ignored: [] });
    expect(parseAccidentListQuery({ state: 'overdue' })).toEqual({ filter: 'overdue', ignored: [] });
    expect(parseAccidentListQuery({ state: 'x' })).toEqual({ filter: 'open', ignored: ['状态“x”'] });
  });
});
