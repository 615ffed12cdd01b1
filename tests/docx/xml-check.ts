/**
 * A small strict XML 1.0 well-formedness check for the parts we write (no DTDs, no CDATA, no
 * processing instructions except the declaration): one root, balanced and properly nested tags,
 * quoted unique attributes, only the five predefined or numeric entities, no characters XML
 * cannot carry, no stray "<" or "&". Returns the problems found (empty when well-formed) and the
 * elements in document order for assertions. htmlparser2's xmlMode is lenient, hence this.
 */
const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;
const INVALID_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/y;

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  /** Text directly inside, entities decoded. */
  text: string;
  /** Nesting depth: 0 for the root. */
  depth: number;
}

function decode(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[e]) return named[e];
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

function checkText(s: string, where: number, problems: string[]): void {
  if (INVALID_CHAR.test(s)) problems.push(`invalid character near ${where}`);
  for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', i + 1)) {
    ENTITY.lastIndex = i;
    if (!ENTITY.test(s)) problems.push(`bare & near ${where + i}`);
  }
  if (s.includes(']]>')) problems.push(`]]> in text near ${where}`);
}

export function checkXml(xml: string): { problems: string[]; elements: XmlElement[] } {
  const problems: string[] = [];
  const elements: XmlElement[] = [];
  const stack: XmlElement[] = [];
  let roots = 0;
  let i = 0;
  const decl = /^<\?xml version="1\.0" encoding="UTF-8" standalone="yes"\?>\r?\n?/.exec(xml);
  if (decl) i = decl[0].length;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (text) {
      checkText(text, i, problems);
      const top = stack[stack.length - 1];
      if (top) top.text += decode(text);
      else if (text.trim()) problems.push(`text outside the root near ${i}`);
    }
    if (lt < 0) break;
    const gt = xml.indexOf('>', lt);
    if (gt < 0) {
      problems.push(`unterminated tag at ${lt}`);
      break;
    }
    const tag = xml.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (!open || open.name !== name) problems.push(`</${name}> does not close <${open?.name ?? '(nothing)'}> at ${lt}`);
      continue;
    }
    if (tag.startsWith('!') || tag.startsWith('?')) {
      problems.push(`unexpected markup <${tag.slice(0, 10)} at ${lt}`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const m = /^([^\s/>]+)([\s\S]*)$/.exec(body);
    const name = m?.[1] ?? '';
    if (!NAME.test(name)) problems.push(`bad element name "${name}" at ${lt}`);
    const attributes: Record<string, string> = {};
    let rest = (m?.[2] ?? '').trim();
    while (rest) {
      const a = /^([^\s=]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')\s*/.exec(rest);
      if (!a || !NAME.test(a[1] ?? '')) {
        problems.push(`bad attribute syntax in <${name}> at ${lt}: ${rest.slice(0, 30)}`);
        break;
      }
      const key = a[1] ?? '';
      if (key in attributes) problems.push(`duplicate attribute ${key} in <${name}>`);
      const value = a[2] ?? a[3] ?? '';
      checkText(value, lt, problems);
      attributes[key] = decode(value);
      rest = rest.slice(a[0].length);
    }
    if (!stack.length) {
      roots += 1;
      if (roots > 1) problems.push(`second root element <${name}>`);
    }
    const el: XmlElement = { name, attributes, text: '', depth: stack.length };
    elements.push(el);
    if (!selfClosing) stack.push(el);
  }
  if (stack.length) problems.push(`unclosed elements: ${stack.map((e) => e.name).join(', ')}`);
  if (roots === 0) problems.push('no root element');
  return { problems, elements };
}
