/**
 * Monitoring-topic rule language (监测专题规则).
 *
 * A press officer writes e.g. `煤矿 (透水 OR 突水) NOT 演练`; we parse it once
 * into a small AST and match it against articles with plain indexOf scans, so
 * a hostile rule cannot cause catastrophic backtracking (no user regex).
 */

export type TopicField = 'title' | 'text';

export type RuleNode =
  | { kind: 'term'; value: string; phrase: boolean; field: TopicField | null; pos: number }
  | { kind: 'and'; children: RuleNode[] }
  | { kind: 'or'; children: RuleNode[] }
  | { kind: 'not'; child: RuleNode; pos: number }
  | { kind: 'near'; distance: number; left: RuleNode; right: RuleNode; pos: number };

export interface TopicRule {
  readonly root: RuleNode;
}

export interface TopicRuleError {
  message: string;
  position: number;
}

export type ParseTopicRuleResult = { ok: true; rule: TopicRule } | { ok: false; error: TopicRuleError };

export interface TopicDoc {
  title: string;
  text: string;
}

export interface TopicTermHit {
  term: string;
  field: TopicField;
  start: number;
  end: number;
}

export interface TopicMatch {
  matched: boolean;
  terms: TopicTermHit[];
}

export const MAX_RULE_LENGTH = 2000;
export const MAX_RULE_DEPTH = 20;
export const MAX_NEAR_DISTANCE = 200;

// ---------------------------------------------------------------- folding

// Zero-width characters show up in crawled CMS text and would split terms.
const INVISIBLE = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);

/** Per-code-point NFKC + lower case, so rule and document fold identically and offsets stay mappable. */
function foldCodePoint(cp: number): string {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : String.fromCharCode(cp);
  if (INVISIBLE.has(cp)) return '';
  return String.fromCodePoint(cp).normalize('NFKC').toLowerCase();
}

interface FoldedField {
  norm: string;
  /** For each UTF-16 unit of norm: start/end offset of the source character it came from. */
  srcStart: number[];
  srcEnd: number[];
}

function foldWithMap(s: string): FoldedField {
  const srcStart: number[] = [];
  const srcEnd: number[] = [];
  let norm = '';
  let i = 0;
  while (i < s.length) {
    const cp = s.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    const f = foldCodePoint(cp);
    for (let k = 0; k < f.length; k++) {
      srcStart.push(i);
      srcEnd.push(i + width);
    }
    norm += f;
    i += width;
  }
  return { norm, srcStart, srcEnd };
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /^[a-z0-9]$/.test(c);

// ---------------------------------------------------------------- lexer

type Token =
  | { type: 'lp' | 'rp' | 'and' | 'or' | 'not' | 'eof'; pos: number; end: number }
  | { type: 'term' | 'phrase'; pos: number; end: number; value: string }
  | { type: 'near'; pos: number; end: number; distance: number }
  | { type: 'field'; pos: number; end: number; field: TopicField };

class RuleSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const at = (pos: number): string => `第 ${pos + 1} 个字符处`;

const FIELD_PREFIXES: [string, TopicField][] = [
  ['title:', 'title'],
  ['text:', 'text'],
  ['标题:', 'title'],
  ['正文:', 'text'],
];
const CLOSING_QUOTE: Record<string, string> = { '"': '"', '“': '”' };

interface Ch {
  pos: number;
  end: number;
  f: string;
}

function lex(source: string): Token[] {
  const chars: Ch[] = [];
  for (let i = 0; i < source.length; ) {
    const cp = source.codePointAt(i) ?? 0;
    const w = cp > 0xffff ? 2 : 1;
    chars.push({ pos: i, end: i + w, f: foldCodePoint(cp) });
    i += w;
  }
  const tokens: Token[] = [];
  const isSpace = (c: Ch) => c.f === '' || /^\s+$/.test(c.f);
  const isDelim = (c: Ch) => isSpace(c) || ['(', ')', '"', '“', '”', '&', '|'].includes(c.f);

  let i = 0;
  while (i < chars.length) {
    const c = chars[i] as Ch;
    if (isSpace(c)) {
      i++;
    } else if (c.f === '(' || c.f === ')') {
      tokens.push({ type: c.f === '(' ? 'lp' : 'rp', pos: c.pos, end: c.end });
      i++;
    } else if (c.f === '&' || c.f === '|') {
      tokens.push({ type: c.f === '&' ? 'and' : 'or', pos: c.pos, end: c.end });
      i++;
    } else if (c.f === '"' || c.f === '“' || c.f === '”') {
      // A stray ” opens a phrase closed by ” too, so users get a clear unclosed-quote error.
      const close = CLOSING_QUOTE[c.f] ?? '”';
      let j = i + 1;
      let value = '';
      while (j < chars.length && (chars[j] as Ch).f !== close) {
        value += (chars[j] as Ch).f;
        j++;
      }
      if (j >= chars.length) throw new RuleSyntaxError(`${at(c.pos)}的引号没有闭合，请补上对应的右引号`, c.pos);
      const endCh = chars[j] as Ch;
      if (value.trim() === '') throw new RuleSyntaxError(`${at(c.pos)}的引号内没有内容`, c.pos);
      tokens.push({ type: 'phrase', pos: c.pos, end: endCh.end, value });
      i = j + 1;
    } else {
      let j = i;
      while (j < chars.length && !isDelim(chars[j] as Ch)) j++;
      lexWord(chars.slice(i, j), tokens);
      i = j;
    }
  }
  tokens.push({ type: 'eof', pos: source.length, end: source.length });
  return tokens;
}

function lexWord(word: Ch[], tokens: Token[]): void {
  let k = 0;
  while (k < word.length) {
    const first = word[k] as Ch;
    // A leading minus is NOT; a hyphen inside a word (COVID-19) stays literal.
    if (first.f === '-') {
      tokens.push({ type: 'not', pos: first.pos, end: first.end });
      k++;
      continue;
    }
    const rest = word.slice(k);
    const text = rest.map((c) => c.f).join('');
    const pos = first.pos;
    const end = (rest[rest.length - 1] as Ch).end;
    const prefix = FIELD_PREFIXES.find(([p]) => text.startsWith(p));
    if (prefix) {
      let len = 0;
      let n = 0;
      while (len < prefix[0].length && n < rest.length) len += (rest[n++] as Ch).f.length;
      tokens.push({ type: 'field', pos, end: (rest[n - 1] as Ch).end, field: prefix[1] });
      k += n;
      continue;
    }
    if (text === 'and' || text === '与') tokens.push({ type: 'and', pos, end });
    else if (text === 'or' || text === '或') tokens.push({ type: 'or', pos, end });
    else if (text === 'not' || text === '非') tokens.push({ type: 'not', pos, end });
    else if (text === 'near' || text.startsWith('near/')) {
      const num = text.slice(5);
      if (!/^\d+$/.test(num)) throw new RuleSyntaxError(`${at(pos)}的 NEAR 缺少距离，请写成 NEAR/5 这样的形式`, pos);
      const distance = Number(num);
      if (distance > MAX_NEAR_DISTANCE)
        throw new RuleSyntaxError(`${at(pos)}的 NEAR 距离 ${distance} 太大，最多 ${MAX_NEAR_DISTANCE} 个字符`, pos);
      tokens.push({ type: 'near', pos, end, distance });
    } else tokens.push({ type: 'term', pos, end, value: text });
    return;
  }
}

// ---------------------------------------------------------------- parser

const OPERATOR_NAMES: Record<string, string> = { and: 'AND', or: 'OR', not: 'NOT', near: 'NEAR' };

class Parser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.i] ?? (this.tokens[this.tokens.length - 1] as Token);
  }
  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }
  private raw(t: Token): string {
    return this.source.slice(t.pos, t.end);
  }

  parse(): RuleNode {
    if (this.peek().type === 'eof') throw new RuleSyntaxError('规则为空，请至少输入一个关键词', 0);
    const node = this.parseOr();
    const t = this.peek();
    if (t.type === 'rp') throw new RuleSyntaxError(`${at(t.pos)}多了一个右括号“)”，没有对应的左括号`, t.pos);
    if (t.type !== 'eof') throw new RuleSyntaxError(`${at(t.pos)}的“${this.raw(t)}”无法识别`, t.pos);
    return node;
  }

  /** Called where an operand is required; explains what is missing instead of a generic error. */
  private expectOperand(after: Token | null): void {
    const t = this.peek();
    if (['term', 'phrase', 'lp', 'field', 'not'].includes(t.type)) return;
    if (after?.type === 'lp') {
      if (t.type === 'rp') throw new RuleSyntaxError(`${at(t.pos)}的括号内没有内容`, t.pos);
      if (t.type === 'eof') throw new RuleSyntaxError(`${at(after.pos)}的左括号“(”没有对应的右括号`, after.pos);
    }
    if (t.type === 'eof' && !after) throw new RuleSyntaxError(`${at(t.pos)}缺少关键词`, t.pos);
    if (after) {
      const name = `“${this.raw(after)}”`;
      throw new RuleSyntaxError(`${at(after.pos)}的${name}后面缺少关键词`, after.pos);
    }
    if (t.type === 'rp') throw new RuleSyntaxError(`${at(t.pos)}多了一个右括号“)”，没有对应的左括号`, t.pos);
    const name = OPERATOR_NAMES[t.type] ?? this.raw(t);
    throw new RuleSyntaxError(`${at(t.pos)}的“${name}”前面缺少关键词`, t.pos);
  }

  private parseOr(after: Token | null = null): RuleNode {
    this.expectOperand(after);
    const children = [this.parseAnd()];
    while (this.peek().type === 'or') {
      const op = this.next();
      this.expectOperand(op);
      children.push(this.parseAnd());
    }
    return children.length === 1 ? (children[0] as RuleNode) : { kind: 'or', children: flatten('or', children) };
  }

  private parseAnd(): RuleNode {
    const children = [this.parseNear()];
    for (;;) {
      const t = this.peek();
      if (t.type === 'and') {
        this.next();
        this.expectOperand(t);
      } else if (!['term', 'phrase', 'lp', 'field', 'not'].includes(t.type)) break;
      children.push(this.parseNear());
    }
    return children.length === 1 ? (children[0] as RuleNode) : { kind: 'and', children: flatten('and', children) };
  }

  private parseNear(): RuleNode {
    let left = this.parseUnary();
    while (this.peek().type === 'near') {
      const op = this.next() as Extract<Token, { type: 'near' }>;
      if (!nearable(left)) throw new RuleSyntaxError(`${at(op.pos)}的 NEAR 左边只能是关键词、短语或用 OR 连接的一组词`, op.pos);
      this.expectOperand(op);
      const right = this.parseUnary();
      if (!nearable(right)) throw new RuleSyntaxError(`${at(op.pos)}的 NEAR 右边只能是关键词、短语或用 OR 连接的一组词`, op.pos);
      const lf = fieldsOf(left);
      const rf = fieldsOf(right);
      if (lf.size === 1 && rf.size === 1 && !lf.has(null) && !rf.has(null) && [...lf][0] !== [...rf][0])
        throw new RuleSyntaxError(`${at(op.pos)}的 NEAR 两边不在同一字段（title/text），永远不会命中`, op.pos);
      left = { kind: 'near', distance: op.distance, left, right, pos: op.pos };
    }
    return left;
  }

  private parseUnary(): RuleNode {
    const t = this.peek();
    if (t.type === 'not') {
      this.next();
      this.expectOperand(t);
      return { kind: 'not', child: this.parseUnary(), pos: t.pos };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): RuleNode {
    const t = this.next();
    if (t.type === 'term' || t.type === 'phrase')
      return { kind: 'term', value: t.value, phrase: t.type === 'phrase', field: null, pos: t.pos };
    if (t.type === 'field') {
      const n = this.peek();
      // `title: 煤矿` is most likely a typo for title:煤矿, but guessing would hide the scope.
      if ((n.type !== 'term' && n.type !== 'phrase' && n.type !== 'lp') || n.pos !== t.end) {
        if (n.type === 'field') throw new RuleSyntaxError(`${at(n.pos)}的字段范围不能连写两次`, n.pos);
        throw new RuleSyntaxError(`${at(t.pos)}的“${this.raw(t)}”后面缺少关键词`, t.pos);
      }
      return scope(this.parsePrimary(), t.field, t.pos);
    }
    if (t.type === 'lp') {
      this.depth++;
      if (this.depth > MAX_RULE_DEPTH)
        throw new RuleSyntaxError(`${at(t.pos)}的括号嵌套超过 ${MAX_RULE_DEPTH} 层，请简化规则`, t.pos);
      const inner = this.parseOr(t);
      const close = this.peek();
      if (close.type !== 'rp') throw new RuleSyntaxError(`${at(t.pos)}的左括号“(”没有对应的右括号`, t.pos);
      this.next();
      this.depth--;
      return inner;
    }
    // expectOperand guards every call site; this is a safety net.
    throw new RuleSyntaxError(`${at(t.pos)}缺少关键词`, t.pos);
  }
}

function flatten(kind: 'and' | 'or', nodes: RuleNode[]): RuleNode[] {
  return nodes.flatMap((n) => (n.kind === kind ? n.children : [n]));
}

function nearable(n: RuleNode): boolean {
  if (n.kind === 'term' || n.kind === 'near') return true;
  return n.kind === 'or' && n.children.every(nearable);
}

function fieldsOf(n: RuleNode, out = new Set<TopicField | null>()): Set<TopicField | null> {
  if (n.kind === 'term') out.add(n.field);
  else if (n.kind === 'not') fieldsOf(n.child, out);
  else if (n.kind === 'near') {
    fieldsOf(n.left, out);
    fieldsOf(n.right, out);
  } else n.children.forEach((c) => fieldsOf(c, out));
  return out;
}

function scope(n: RuleNode, field: TopicField, pos: number): RuleNode {
  switch (n.kind) {
    case 'term':
      if (n.field && n.field !== field)
        throw new RuleSyntaxError(`${at(pos)}的字段范围与括号内的 ${n.field}: 冲突`, pos);
      return { ...n, field };
    case 'not':
      return { ...n, child: scope(n.child, field, pos) };
    case 'near':
      return { ...n, left: scope(n.left, field, pos), right: scope(n.right, field, pos) };
    default:
      return { kind: n.kind, children: n.children.map((c) => scope(c, field, pos)) };
  }
}

/** Position of a sub-rule that can match without any positive term, or null if the rule needs one. */
function unanchored(n: RuleNode): number | null {
  switch (n.kind) {
    case 'term':
    case 'near':
      return null;
    case 'not':
      return n.pos;
    case 'and': {
      const each = n.children.map(unanchored);
      return each.every((p) => p !== null) ? (each[0] ?? null) : null;
    }
    case 'or':
      return n.children.map(unanchored).find((p) => p !== null) ?? null;
  }
}

export function parseTopicRule(source: string): ParseTopicRuleResult {
  try {
    if (typeof source !== 'string') throw new RuleSyntaxError('规则必须是文本', 0);
    if (source.length > MAX_RULE_LENGTH)
      throw new RuleSyntaxError(`规则过长（${source.length} 个字符），最多 ${MAX_RULE_LENGTH} 个字符`, MAX_RULE_LENGTH);
    const root = new Parser(lex(source), source).parse();
    const loose = unanchored(root);
    if (loose !== null)
      throw new RuleSyntaxError(
        `${at(loose)}起的规则只有排除条件（NOT），会命中几乎所有文章，请至少加一个要命中的关键词`,
        loose,
      );
    return { ok: true, rule: { root } };
  } catch (e) {
    if (e instanceof RuleSyntaxError) return { ok: false, error: { message: e.message, position: e.position } };
    // Anything else is a bug in this module, not user input; still must not throw at the UI.
    return { ok: false, error: { message: '规则解析失败（内部错误）', position: 0 } };
  }
}

// ---------------------------------------------------------------- describe

const PREC = { or: 1, and: 2, near: 3, not: 4, term: 5 } as const;

function show(n: RuleNode, minPrec: number): string {
  const s = showBare(n);
  return PREC[n.kind] < minPrec ? `(${s})` : s;
}

function showBare(n: RuleNode): string {
  switch (n.kind) {
    case 'term': {
      const prefix = n.field ? `${n.field}:` : '';
      if (!n.phrase) return prefix + n.value;
      return prefix + (n.value.includes('"') ? `“${n.value}”` : `"${n.value}"`);
    }
    case 'not':
      return `NOT ${show(n.child, PREC.not)}`;
    case 'near':
      return `${show(n.left, PREC.near)} NEAR/${n.distance} ${show(n.right, PREC.near + 1)}`;
    case 'and':
      return n.children.map((c) => show(c, PREC.and + 1)).join(' AND ');
    case 'or':
      return n.children.map((c) => show(c, PREC.or + 1)).join(' OR ');
  }
}

/** Canonical, fully explicit form: folded terms, upper-case operators, minimal parentheses. */
export function describeTopicRule(rule: TopicRule): string {
  return showBare(rule.root);
}

// ---------------------------------------------------------------- matching

interface Hit {
  term: string;
  field: TopicField;
  /** Offsets in the folded text; mapped back to the source only at the end. */
  start: number;
  end: number;
}

interface Evaluated {
  ok: boolean;
  hits: Hit[];
}

const FIELDS: TopicField[] = ['title', 'text'];

function occurrences(leaf: Extract<RuleNode, { kind: 'term' }>, field: TopicField, doc: FoldedField): Hit[] {
  const hits: Hit[] = [];
  const v = leaf.value;
  const { norm } = doc;
  // Latin terms must not match inside longer Latin words (PX ≠ PXE); CJK has no word boundaries.
  const checkLeft = !leaf.phrase && isWordChar(v[0]);
  const checkRight = !leaf.phrase && isWordChar(v[v.length - 1]);
  let from = 0;
  for (;;) {
    const idx = norm.indexOf(v, from);
    if (idx < 0) break;
    const end = idx + v.length;
    if ((checkLeft && isWordChar(norm[idx - 1])) || (checkRight && isWordChar(norm[end]))) {
      from = idx + 1;
      continue;
    }
    hits.push({ term: v, field, start: idx, end });
    // Non-overlapping keeps the scan linear in the text length.
    from = end;
  }
  return hits;
}

/** Hits in `a` that have some hit in `b` at most `distance` characters away (gap between spans). */
function withPartner(a: Hit[], b: Hit[], distance: number): Hit[] {
  if (a.length === 0 || b.length === 0) return [];
  const sorted = [...b].sort((x, y) => x.start - y.start);
  const maxEnd: number[] = [];
  let m = -Infinity;
  for (const h of sorted) maxEnd.push((m = Math.max(m, h.end)));
  return a.filter((h) => {
    // Last b with b.start <= h.end + distance; among those, any b.end >= h.start - distance.
    let lo = 0;
    let hi = sorted.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as Hit).start <= h.end + distance) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return k >= 0 && (maxEnd[k] as number) >= h.start - distance;
  });
}

function evaluate(n: RuleNode, docs: Record<TopicField, FoldedField>): Evaluated {
  switch (n.kind) {
    case 'term': {
      const hits = (n.field ? [n.field] : FIELDS).flatMap((f) => occurrences(n, f, docs[f]));
      return { ok: hits.length > 0, hits };
    }
    case 'not':
      return { ok: !evaluate(n.child, docs).ok, hits: [] };
    case 'and': {
      const hits: Hit[] = [];
      for (const c of n.children) {
        const r = evaluate(c, docs);
        if (!r.ok) return { ok: false, hits: [] };
        hits.push(...r.hits);
      }
      return { ok: true, hits };
    }
    case 'or': {
      const hits: Hit[] = [];
      let ok = false;
      for (const c of n.children) {
        const r = evaluate(c, docs);
        if (r.ok) {
          ok = true;
          hits.push(...r.hits);
        }
      }
      return { ok, hits };
    }
    case 'near': {
      const left = evaluate(n.left, docs).hits;
      const right = left.length ? evaluate(n.right, docs).hits : [];
      const hits: Hit[] = [];
      for (const f of FIELDS) {
        const l = left.filter((h) => h.field === f);
        const r = right.filter((h) => h.field === f);
        hits.push(...withPartner(l, r, n.distance), ...withPartner(r, l, n.distance));
      }
      return { ok: hits.length > 0, hits };
    }
  }
}

export function matchTopic(rule: TopicRule, doc: TopicDoc): TopicMatch {
  const docs: Record<TopicField, FoldedField> = {
    title: foldWithMap(doc.title ?? ''),
    text: foldWithMap(doc.text ?? ''),
  };
  const r = evaluate(rule.root, docs);
  if (!r.ok) return { matched: false, terms: [] };
  const seen = new Set<string>();
  const terms: TopicTermHit[] = [];
  for (const h of r.hits) {
    const d = docs[h.field];
    const start = d.srcStart[h.start] ?? 0;
    const end = d.srcEnd[h.end - 1] ?? start;
    const key = `${h.field}:${start}:${end}:${h.term}`;
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push({ term: h.term, field: h.field, start, end });
  }
  terms.sort((a, b) => (a.field === b.field ? a.start - b.start || a.end - b.end : a.field === 'title' ? -1 : 1));
  return { matched: true, terms };
}
