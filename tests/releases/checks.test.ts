import { describe, expect, test } from 'vitest';
import {
  checkRelease,
  figureFindings,
  idCheckChar,
  isPlausibleResidentId15,
  isValidResidentId18,
  luhnValid,
  missingElementFindings,
  personalDataFindings,
  placeholderFindings,
  sensitiveTermFindings,
} from '@/lib/releases/checks';
import type { Finding } from '@/lib/releases/checks';
import { RELEASE_KINDS, RELEASE_KIND_SPECS } from '@/lib/releases/kinds';
import { SENSITIVE_TERMS } from '@/lib/releases/sensitive-terms';

function rules(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.rule);
}

function spanText(text: string, f: Finding): string {
  const o = f.offsets[0];
  return o ? text.slice(o.start, o.end) : '';
}

describe('身份证号码 (GB 11643-1999)', () => {
  test('check character of the standard example and others computed by hand', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('44052418800101001')).toBe('4');
    expect(isValidResidentId18('11010519491231002X')).toBe(true);
    expect(isValidResidentId18('11010519491231002x')).toBe(true);
    expect(isValidResidentId18('440524188001010014')).toBe(true);
    expect(isValidResidentId18('510108199003071232')).toBe(true);
  });

  test('wrong check character, impossible date or unknown region is not a valid ID', () => {
    expect(isValidResidentId18('110105194912310021')).toBe(false);
    expect(isValidResidentId18('510108199002301234')).toBe(false); // 2月30日
    expect(isValidResidentId18('990108199003071232')).toBe(false); // no region 99
  });

  test('a valid ID in a draft blocks, with its offsets; the message masks it', () => {
    const text = '遇难人员王某某，身份证号11010519491231002X，男。';
    const [f] = personalDataFindings(text);
    expect(f?.rule).toBe('id18');
    expect(f?.severity).toBe('block');
    expect(spanText(text, f as Finding)).toBe('11010519491231002X');
    expect(f?.message).not.toContain('11010519491231002X');
  });

  test('an ID-shaped number with a wrong check character is a warning, not silence', () => {
    const f = personalDataFindings('证件号110105194912310021。');
    expect(rules(f)).toEqual(['id18_checksum']);
    expect(f[0]?.severity).toBe('warn');
  });

  test('15-digit first-generation IDs', () => {
    expect(isPlausibleResidentId15('110105491231002')).toBe(true);
    expect(isPlausibleResidentId15('110105491331002')).toBe(false); // month 13
    expect(rules(personalDataFindings('旧证号110105491231002。'))).toEqual(['id15']);
  });

  test('full-width digits are read too', () => {
    expect(rules(personalDataFindings('身份证号１１０１０５１９４９１２３１００２Ｘ'.replace('Ｘ', 'X')))).toEqual(['id18']);
  });

  test('a long document number that is not an ID is not flagged', () => {
    expect(personalDataFindings('文号2024000000000000001号')).toEqual([]);
  });
});

describe('phone numbers, bank cards, e-mail, plates', () => {
  test('mobile numbers, plain, spaced, with +86', () => {
    for (const m of ['13812345678', '138 1234 5678', '138-1234-5678', '+86 19912345678']) {
      const text = `联系人手机${m}。`;
      const f = personalDataFindings(text);
      expect(rules(f), m).toEqual(['mobile']);
      expect(f[0]?.severity).toBe('block');
      expect(spanText(text, f[0] as Finding)).toBe(m);
    }
  });

  test('12345678901 (starts 12) and a 12-digit run are not mobiles', () => {
    expect(personalDataFindings('编号12345678901。')).toEqual([]);
    expect(personalDataFindings('编号138123456789。')).toEqual([]);
  });

  test('landlines with area code warn; registered public numbers pass', () => {
    for (const l of ['0357-6812345', '010-12345678'.replace('12345678', '62345678'), '（0351）4567890', '0351 4567890']) {
      const f = personalDataFindings(`值班电话${l}`);
      expect(rules(f), l).toEqual(['landline']);
      expect(f[0]?.severity).toBe('warn');
    }
    expect(personalDataFindings('值班电话0357-6812345', ['0357 6812345'])).toEqual([]);
    expect(personalDataFindings('手机13812345678', ['13812345678'])).toEqual([]);
  });

  test('bank cards pass Luhn; a 16-digit run that fails Luhn is not a card', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(rules(personalDataFindings('捐款账号6222021234567890128。'))).toEqual(['bank_card']);
    expect(rules(personalDataFindings('卡号6228 4800 4632 5160。'))).toEqual(['bank_card']);
    expect(personalDataFindings('编号6228480046325161。')).toEqual([]);
  });

  test('e-mail: personal blocks, .gov.cn warns, registered press mailbox passes', () => {
    const personal = personalDataFindings('家属可联系 zhang.san@example.com 。');
    expect(rules(personal)).toEqual(['email']);
    expect(personal[0]?.severity).toBe('block');
    const official = personalDataFindings('来信请寄 xcb@yjj.example.gov.cn');
    expect(official[0]?.severity).toBe('warn');
    expect(personalDataFindings('来信请寄 xcb@yjj.example.gov.cn', ['xcb@yjj.example.gov.cn'])).toEqual([]);
  });

  test('licence plates: full plates block, masked or letter-only ones do not', () => {
    for (const p of ['鲁A·12345', '晋K12345', '粤B D12345'.replace(' ', ''), '冀F1234挂']) {
      expect(rules(personalDataFindings(`肇事车辆${p}号重型罐式货车`)), p).toEqual(['plate']);
    }
    expect(personalDataFindings('肇事车辆鲁A·1**45号')).toEqual([]);
    expect(personalDataFindings('新ABCDE项目')).toEqual([]);
  });

  test("a casualty's full name next to 遇难/死亡 warns; 王某 and ordinary wording do not", () => {
    const text = '事故中，工人张建国不幸遇难。遇难者为李小红、王强。';
    const f = personalDataFindings(text);
    expect(f.map((x) => [x.rule, x.severity])).toEqual([
      ['casualty_name', 'warn'],
      ['casualty_name', 'warn'],
    ]);
    expect(spanText(text, f[0] as Finding)).toContain('张建国');
    expect(spanText(text, f[1] as Finding)).toContain('李小红');
    for (const ok of ['工人王某当场死亡。', '遇难者王某某，男，45岁。', '被困人员全部死亡。', '其中3人经抢救无效死亡。', '两人相继死亡。']) {
      expect(personalDataFindings(ok), ok).toEqual([]);
    }
  });
});

describe('figures against the latest official figures (the analysis extractor)', () => {
  test('a draft with 3 deaths against official 4 is blocked, both numbers in the message', () => {
    const text = '事故已造成3人死亡、2人受伤。';
    const f = figureFindings(text, { deaths: 4, injuries: 2 });
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe('block');
    expect(f[0]?.rule).toBe('deaths');
    expect(f[0]?.message).toContain('3 人');
    expect(f[0]?.message).toContain('4 人');
    expect(spanText(text, f[0] as Finding)).toBe('3人死亡');
  });

  test('Chinese numerals: 三人 and 十二名 read as 3 and 12', () => {
    const text = '事故共造成三人死亡，十二名工人受伤。';
    expect(figureFindings(text, { deaths: 3, injuries: 12 })).toEqual([]);
    const f = figureFindings(text, { deaths: 3, injuries: 10 });
    expect(f.map((x) => [x.rule, x.severity])).toEqual([['injuries', 'block']]);
    expect(f[0]?.message).toMatch(/12 人.*10 人/);
    expect(spanText(text, f[0] as Finding)).toBe('十二名工人受伤');
  });

  test('a stale figure in one sentence is caught though another sentence is right', () => {
    const text = '截至目前，事故已造成4人死亡。此前，事故造成3人死亡、1人失联。';
    const f = figureFindings(text, { deaths: 4, missing: 1 });
    expect(f.map((x) => x.message)).toEqual([expect.stringContaining('3 人')]);
  });

  test('"无人员伤亡" against official deaths blocks', () => {
    const f = figureFindings('事故未造成人员伤亡。', { deaths: 1, injuries: 0 });
    expect(f.map((x) => [x.rule, x.severity])).toEqual([['deaths', 'block']]);
  });

  test('a rumour figure being refuted warns; the official figure in the same sentence is compared', () => {
    expect(figureFindings('网传5人死亡。', { deaths: 4 }).map((x) => x.severity)).toEqual(['warn']);
    expect(figureFindings('网传5人死亡不实，经核实4人死亡。', { deaths: 4 })).toEqual([]);
    expect(figureFindings('网传5人死亡不实，经核实3人死亡。', { deaths: 4 }).map((x) => x.severity)).toEqual(['block']);
  });

  test('a figure with no official counterpart warns; period statistics are ignored', () => {
    expect(figureFindings('另有2人被困。', { deaths: 4 }).map((x) => [x.rule, x.severity])).toEqual([['trapped', 'warn']]);
    expect(figureFindings('今年以来，全省共发生事故12起，死亡15人。', { deaths: 4 })).toEqual([]);
  });
});

describe('required elements per kind', () => {
  const complete: Record<(typeof RELEASE_KINDS)[number], string> = {
    first_report:
      '2024年11月23日14时30分许，山西省临汾市乡宁县示例煤业有限公司发生一起透水事故，造成3人死亡、2人受伤。事故发生后，县政府启动应急预案，组织救援。目前救援工作正在进行。下一次情况发布定于24日18时。新闻联系人：县应急管理局宣传科\n乡宁县人民政府新闻办公室',
    follow_up:
      '截至11月24日8时，山西省乡宁县透水事故已造成4人死亡、2人受伤，搜救工作仍在进行。有关情况将及时发布。\n乡宁县人民政府新闻办公室',
    investigation:
      '2024年11月23日14时30分许，山西省临汾市乡宁县示例煤业有限公司发生一起透水事故，造成4人死亡，直接经济损失1200万元。经调查认定，该起事故是一起较大生产安全责任事故。事故直接原因：违规采掘。对8名责任人员依法追究刑事责任。防范和整改措施：开展水害隐患排查。\n临汾市人民政府',
    positive_update: '山西省乡宁县透水事故发生后，善后工作已全部完成，涉事企业停产整顿。\n乡宁县人民政府新闻办公室',
  };

  test('a complete draft of each kind has no missing required element', () => {
    for (const kind of RELEASE_KINDS) {
      const blocks = missingElementFindings(kind, complete[kind]).filter((f) => f.severity === 'block');
      expect(blocks, kind).toEqual([]);
    }
  });

  test('each required element, removed, blocks its kind (one per kind)', () => {
    expect(rules(missingElementFindings('first_report', complete.first_report.replace('新闻联系人：县应急管理局宣传科', '')).filter((f) => f.severity === 'block'))).toEqual(['contact']);
    expect(rules(missingElementFindings('follow_up', complete.follow_up.replace('有关情况将及时发布。', '')).filter((f) => f.severity === 'block'))).toEqual(['nextRelease']);
    expect(rules(missingElementFindings('investigation', complete.investigation.replace('防范和整改措施：开展水害隐患排查。', '')).filter((f) => f.severity === 'block'))).toEqual(['rectification']);
    expect(rules(missingElementFindings('positive_update', complete.positive_update.replace('\n乡宁县人民政府新闻办公室', '')).filter((f) => f.severity === 'block'))).toEqual(['issuer']);
  });

  test('an investigation-result draft without cause and responsibility is blocked for both', () => {
    const text = '山西省乡宁县透水事故造成4人死亡，直接经济损失1200万元。\n临汾市人民政府';
    const missing = rules(missingElementFindings('investigation', text).filter((f) => f.severity === 'block'));
    expect(missing).toEqual(expect.arrayContaining(['cause', 'responsibility', 'rectification', 'nature', 'grade']));
  });

  test('missing recommended elements only warn, with a Chinese message naming the element', () => {
    const warn = missingElementFindings('first_report', complete.first_report);
    expect(warn.map((f) => [f.rule, f.severity])).toEqual([['loss', 'warn']]);
    expect(warn[0]?.message).toBe(`${RELEASE_KIND_SPECS.first_report.label}建议写明：直接经济损失`);
  });

  test('a placeholder does not count as the element', () => {
    const text = complete.first_report.replace('新闻联系人：县应急管理局宣传科', '新闻联系人：【待补充：新闻联系人】');
    expect(rules(missingElementFindings('first_report', text))).toContain('contact');
  });
});

describe('placeholders and sensitive terms', () => {
  test('each leftover 【待补充】 blocks, with its label and offsets', () => {
    const text = '截至【待补充：数据截至时间】，事故已造成3人死亡。发布单位：【待补充：发布单位】';
    const f = placeholderFindings(text);
    expect(f.map((x) => x.message)).toEqual(['尚有待补充内容：数据截至时间', '尚有待补充内容：发布单位']);
    expect(f.every((x) => x.severity === 'block')).toBe(true);
    expect(spanText(text, f[1] as Finding)).toBe('【待补充：发布单位】');
  });

  test('classification marks and internal wording block; the longest term wins', () => {
    const text = '机密★1年 事故初步判断为人为破坏。本材料仅供内部使用，不予公开部分另行报送。';
    const f = sensitiveTermFindings(text, 'first_report');
    expect(rules(f).sort()).toEqual(['不予公开', '仅供内部', '初步判断为人为', '机密'].sort());
    expect(f.every((x) => x.severity === 'block')).toBe(true);
    expect(rules(f)).not.toContain('初步判断');
    expect(rules(f)).not.toContain('内部');
  });

  test('cause wording is checked in rescue releases, not in investigation results', () => {
    const text = '事故原因系违规动火作业。';
    expect(sensitiveTermFindings(text, 'first_report').map((f) => f.severity)).toEqual(['warn']);
    expect(sensitiveTermFindings(text, 'investigation')).toEqual([]);
  });

  test('repeated terms are one finding with every offset', () => {
    const f = sensitiveTermFindings('据说有人受伤，据说已送医。', 'follow_up');
    expect(f).toHaveLength(1);
    expect(f[0]?.offsets).toEqual([
      { start: 0, end: 2 },
      { start: 7, end: 9 },
    ]);
  });

  test('the list is data the team owns: every term has a reason and no duplicates', () => {
    expect(new Set(SENSITIVE_TERMS.map((t) => t.term)).size).toBe(SENSITIVE_TERMS.length);
    for (const t of SENSITIVE_TERMS) expect(t.reason.length, t.term).toBeGreaterThan(5);
  });
});

describe('checkRelease', () => {
  test('collects all checks, block findings first, and says whether review is blocked', () => {
    const text = '截至【待补充：数据截至时间】，山西省乡宁县透水事故已造成3人死亡。联系人手机13812345678，值班电话0357-6812345。\n乡宁县人民政府';
    const r = checkRelease({ kind: 'follow_up', text, official: { deaths: 4 } });
    expect(r.blocked).toBe(true);
    const kinds = r.findings.map((f) => f.kind);
    expect(kinds).toEqual(expect.arrayContaining(['placeholder', 'figure_mismatch', 'personal_data', 'missing_element']));
    const firstWarn = r.findings.findIndex((f) => f.severity === 'warn');
    expect(r.findings.slice(firstWarn).every((f) => f.severity === 'warn')).toBe(true);
  });

  test('a clean draft is not blocked', () => {
    const text =
      '截至11月24日8时，山西省乡宁县透水事故已造成4人死亡、2人受伤，搜救工作仍在进行。下一次情况发布定于11月24日18时。\n乡宁县人民政府新闻办公室';
    const r = checkRelease({ kind: 'follow_up', text, official: { deaths: 4, injuries: 2 } });
    expect(r.findings.filter((f) => f.severity === 'block')).toEqual([]);
    expect(r.blocked).toBe(false);
  });
});
