/**
 * The replay's view of public addresses (DOMAIN §3.3, 2026 MEM: "公开是长期的，严禁公开几天后又撤回"):
 * every URL an accepted entry records is tracked; the system's link_check entries set its state; a
 * gone URL is an overdue duty "保持公开（严禁撤回）" [P] that reopens a closed case; restoring it closes
 * the duty; a check of an address no entry records is ignored.
 */
import { describe, expect, test } from 'vitest';
import { computeAccidentCase, type AccidentCaseStatus, type AccidentEntry } from '@/lib/workflow/accident-case';

const OCCURRED = new Date('2026-03-02T06:30:00+08:00');
const REPORT = 'https://yjj.example.gov.cn/sgbg/1.html';
const ACCOUNTABILITY = 'https://yjj.example.gov.cn/zz/1.html';

const noon = (day: string): Date => new Date(`${day}T12:00:00+08:00`);

function run(entries: AccidentEntry[], now: Date): AccidentCaseStatus {
  return computeAccidentCase({ occurredAt: OCCURRED, grade: '较大' }, entries.map((entry, i) => ({ seq: i + 1, entry })), { now });
}

/** Every duty of a 较大 case done, with the report and the accountability published. */
const done: AccidentEntry[] = [
  { type: 'rescue_release', at: '2026-03-02T10:00:00+08:00', title: '首报' },
  { type: 'rescue_ended', at: '2026-03-02T18:00:00+08:00' },
  { type: 'report_submitted', on: '2026-04-20' },
  { type: 'closure_approved', on: '2026-04-27', documentNo: '某政函〔2026〕12号' },
  { type: 'report_published', on: '2026-05-08', url: REPORT },
  { type: 'accountability_published', on: '2026-05-08', url: ACCOUNTABILITY, peopleHandled: 5 },
  { type: 'rectification_reviewed', on: '2026-11-01', url: 'https://yjj.example.gov.cn/pg/1.html' },
];

const check = (checkedAt: string, url: string, ok: boolean, change: 'first_ok' | 'gone' | 'restored', status = ok ? 'HTTP 200' : 'HTTP 404', since?: string): AccidentEntry => ({
  type: 'link_check',
  checkedAt,
  url,
  ok,
  status,
  change,
  ...(since ? { since } : {}),
});

describe('public addresses', () => {
  test('every recorded URL is listed, unchecked, and the duty is done while none is known gone', () => {
    const s = run(done, noon('2026-11-02'));
    expect(s.links.map((l) => [l.url, l.state, l.recordedIn, l.publishedOn])).toEqual([
      [REPORT, 'unchecked', ['公布事故调查报告'], '2026-05-08'],
      [ACCOUNTABILITY, 'unchecked', ['公布责任追究情况'], '2026-05-08'],
      ['https://yjj.example.gov.cn/pg/1.html', 'unchecked', ['公布整改评估结果'], '2026-11-01'],
    ]);
    expect(s.duties.find((d) => d.id === 'keep_public')).toMatchObject({ state: 'done', rules: [expect.objectContaining({ confidence: 'P', source: expect.stringContaining('2026年2月27日') })] });
    expect(s.state).toBe('closed');
  });

  test('a gone URL reopens a closed case as an overdue duty; restoring it closes it again', () => {
    const first = check('2026-11-02T03:00:00+08:00', REPORT, true, 'first_ok');
    const gone = check('2026-11-20T03:00:00+08:00', REPORT, false, 'gone');
    const s = run([...done, first, gone], noon('2026-11-21'));
    expect(s.links[0]).toMatchObject({ state: 'gone', status: 'HTTP 404', firstOkAt: new Date('2026-11-02T03:00:00+08:00'), goneSince: new Date('2026-11-20T03:00:00+08:00') });
    expect(s.summary).toMatchObject({ goneLinks: 1, overdueDuties: 1, openDuties: 1, overdue: ['保持公开（严禁撤回）'], unpublished: ['保持公开（严禁撤回）'] });
    expect(s.duties.find((d) => d.id === 'keep_public')).toMatchObject({ state: 'overdue', dueOn: '2026-11-20', detail: expect.stringContaining(REPORT) });
    expect(s.state).toBe('open');
    expect(s.errors).toEqual([]);

    const back = run([...done, first, gone, check('2026-11-22T03:00:00+08:00', REPORT, true, 'restored')], noon('2026-11-22'));
    expect(back.links[0]).toMatchObject({ state: 'ok', goneSince: null, firstOkAt: new Date('2026-11-02T03:00:00+08:00') });
    expect(back.summary).toMatchObject({ goneLinks: 0, overdueDuties: 0 });
    expect(back.state).toBe('closed');
  });

  test('a URL gone after repeated failures is dated from the first failure', () => {
    const s = run([...done, check('2026-11-22T03:00:00+08:00', ACCOUNTABILITY, false, 'gone', '连续3日无法访问（请求超时）', '2026-11-20T03:00:00+08:00')], noon('2026-11-22'));
    expect(s.links.find((l) => l.url === ACCOUNTABILITY)?.goneSince?.toISOString()).toBe('2026-11-19T19:00:00.000Z');
    expect(s.duties.find((d) => d.id === 'keep_public')?.dueOn).toBe('2026-11-20');
  });

  test('a check of an address no accepted entry records is ignored; a case without URLs has no such duty', () => {
    const s = run([...done, check('2026-11-20T03:00:00+08:00', 'https://elsewhere.example.gov.cn/x.html', false, 'gone')], noon('2026-11-21'));
    expect(s.summary.goneLinks).toBe(0);
    expect(s.links.map((l) => l.url)).not.toContain('https://elsewhere.example.gov.cn/x.html');
    expect(run([], noon('2026-03-03')).duties.map((d) => d.id)).not.toContain('keep_public');
  });

  test('a URL recorded twice is one address with both labels', () => {
    const s = run([...done, { type: 'supervision', on: '2026-03-05', by: '省安委会', noticeNo: '督〔2026〕1号' }, { type: 'supervision_closed', on: '2026-05-08', url: REPORT }], noon('2026-11-02'));
    expect(s.links.find((l) => l.url === REPORT)?.recordedIn).toEqual(['公布事故调查报告', '督办事项办结']);
  });
});
