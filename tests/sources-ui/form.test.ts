/**
 * The add/edit-source form: validated by the same schema as the sources file, with one Chinese
 * sentence per field; selector syntax, charsets and the crawler's URL policy checked at add time.
 */
import { describe, expect, test } from 'vitest';
import type { LookupFn } from '@/lib/fetch';
import {
  NEW_SOURCE_VALUES,
  checkSourceAddress,
  formValuesFromConfig,
  formValuesFromFormData,
  validateScheduleValues,
  validateSourceValues,
} from '@/lib/sources/form';
import type { SourceFormValues } from '@/lib/sources/form';
import { SourceInputSchema } from '@/lib/sources/schema';

const policy = { allowPrivate: [], allowPorts: [] };
const CJK = /[\u4e00-\u9fff]/;

const RSS: SourceFormValues = {
  ...NEW_SOURCE_VALUES,
  name: '某市应急管理局',
  url: 'https://yjj.example.gov.cn/rss.xml',
  category: 'official',
  region: '山东',
  intervalMinutes: '15',
};

const HTML: SourceFormValues = {
  ...NEW_SOURCE_VALUES,
  id: 'my-list',
  name: '某厅 事故调查报告',
  url: 'https://yjt.example.gov.cn/sgdc/',
  kind: 'html',
  category: 'official',
  intervalMinutes: '60',
  htmlItem: 'ul.list li',
  htmlLink: 'a',
  htmlDate: 'span',
  htmlFollowArticle: 'on',
  htmlArticleContent: '#zoom',
};

function errorsOf(v: SourceFormValues) {
  const r = validateSourceValues(v, { policy });
  if (r.ok) throw new Error('expected the form to be refused');
  return r.errors;
}

describe('a valid form is exactly what the sources file would hold', () => {
  test('the README example sources come out of the form as the schema parses them from JSON', () => {
    const rss = validateSourceValues({ ...RSS, id: 'my-feed' }, { policy });
    expect(rss).toEqual({
      ok: true,
      config: SourceInputSchema.parse({
        id: 'my-feed',
        name: '某市应急管理局',
        url: 'https://yjj.example.gov.cn/rss.xml',
        kind: 'rss',
        category: 'official',
        region: '山东',
        intervalMinutes: 15,
      }),
    });
    const html = validateSourceValues(HTML, { policy });
    expect(html).toEqual({
      ok: true,
      config: SourceInputSchema.parse({
        id: 'my-list',
        name: '某厅 事故调查报告',
        url: 'https://yjt.example.gov.cn/sgdc/',
        kind: 'html',
        category: 'official',
        intervalMinutes: 60,
        html: { item: 'ul.list li', link: 'a', date: 'span', followArticle: true, article: { content: '#zoom' } },
      }),
    });
  });

  test('an empty id is generated; selectors of an RSS source are not kept', () => {
    const r = validateSourceValues({ ...RSS, htmlItem: 'ul li' }, { policy });
    expect(r.ok && r.config.id).toMatch(/^user-[0-9a-f]{8}$/);
    expect(r.ok && r.config.html).toBeUndefined();
  });

  test('a stored source shown in the form and submitted again is unchanged (edit round trip)', () => {
    const first = validateSourceValues(HTML, { policy });
    if (!first.ok) throw new Error('valid');
    const again = validateSourceValues(formValuesFromConfig(first.config), { policy });
    expect(again).toEqual(first);
  });

  test('reads a submitted FormData: unticked checkboxes are false, foreign keys are ignored', () => {
    const fd = new FormData();
    fd.set('name', '某站');
    fd.set('url', 'https://a.example.cn/rss');
    fd.set('kind', 'rss');
    fd.set('category', 'local_media');
    fd.set('priority', 'on');
    fd.set('$ACTION_ID_abc', '');
    const v = formValuesFromFormData(fd);
    expect(v).toMatchObject({ name: '某站', priority: 'on', enabled: '' });
    expect(Object.keys(v)).not.toContain('$ACTION_ID_abc');
    const r = validateSourceValues(v, { policy });
    expect(r.ok && [r.config.enabled, r.config.priority]).toEqual([false, true]);
  });
});

describe('each mistake is named on its field, in Chinese', () => {
  test.each<[string, SourceFormValues, string, RegExp]>([
    ['not a URL', { ...RSS, url: '不是网址' }, 'url', /地址格式无效/],
    ['a javascript: URL', { ...RSS, url: 'javascript:alert(1)' }, 'url', /仅允许 http\/https/],
    ['a file: URL', { ...RSS, url: 'file:///etc/passwd' }, 'url', /仅允许 http\/https/],
    ['a loopback address', { ...RSS, url: 'http://127.0.0.1:6379/' }, 'url', /内网地址不允许/],
    ['the cloud metadata address', { ...RSS, url: 'http://100.100.100.200/latest/meta-data/' }, 'url', /内网地址不允许/],
    ['a mail port', { ...RSS, url: 'http://mail.example.com:25/' }, 'url', /端口不在允许范围内/],
    ['an interval of 0', { ...RSS, intervalMinutes: '0' }, 'intervalMinutes', /1 到 1440 之间的整数/],
    ['an interval of 2 days', { ...RSS, intervalMinutes: '2880' }, 'intervalMinutes', /1 到 1440 之间的整数/],
    ['an interval that is not a number', { ...RSS, intervalMinutes: '半小时' }, 'intervalMinutes', /1 到 1440 之间的整数/],
    ['a fractional interval', { ...RSS, intervalMinutes: '1.5' }, 'intervalMinutes', /1 到 1440 之间的整数/],
    ['an unknown category', { ...RSS, category: 'blog' }, 'category', /选择信源类别/],
    ['an unknown kind', { ...RSS, kind: 'atom' }, 'kind', /RSS\/Atom 订阅源或 HTML 列表页/],
    ['no name', { ...RSS, name: '  ' }, 'name', /信源名称/],
    ['an id with capitals', { ...RSS, id: 'My_Feed' }, 'id', /小写字母、数字和连字符/],
    ['an HTML source without an item selector', { ...HTML, htmlItem: '' }, 'htmlItem', /列表条目选择器/],
    ['an item selector that does not compile', { ...HTML, htmlItem: 'ul[' }, 'htmlItem', /选择器写法有误/],
    ['a date selector that does not compile', { ...HTML, htmlDate: 'span:nth-child(' }, 'htmlDate', /选择器写法有误/],
    ['an empty selector group', { ...HTML, htmlArticleContent: '#zoom,' }, 'htmlArticleContent', /选择器写法有误/],
    ['an article title without a content selector', { ...HTML, htmlArticleContent: '', htmlArticleTitle: 'h1' }, 'htmlArticleContent', /正文选择器/],
    ['too many article pages', { ...HTML, htmlMaxArticles: '500' }, 'htmlMaxArticles', /1 到 100 之间的整数/],
    ['an unknown charset', { ...RSS, encoding: 'klingon-8' }, 'encoding', /不支持的字符集/],
    ['an unknown dedupe key', { ...RSS, dedupeKey: 'title' }, 'dedupeKey', /条目 GUID/],
  ])('%s', (_what, values, field, message) => {
    const errors = errorsOf(values);
    expect(errors[field as keyof typeof errors]).toMatch(message);
    for (const m of Object.values(errors)) expect(m).toMatch(CJK);
  });

  test('several mistakes are all reported at once', () => {
    const errors = errorsOf({ ...HTML, url: 'ftp://x', intervalMinutes: '-5', category: 'blog', htmlItem: '>>>' });
    expect(Object.keys(errors).sort()).toEqual(['category', 'htmlItem', 'intervalMinutes', 'url']);
  });

  test('an allow-listed intranet host passes, exactly as the crawler would fetch it', () => {
    const intranet = { allowPrivate: ['10.8.0.0/16'], allowPorts: [] };
    expect(validateSourceValues({ ...RSS, url: 'http://10.8.1.2/rss.xml' }, { policy: intranet }).ok).toBe(true);
    expect(validateSourceValues({ ...RSS, url: 'http://10.9.1.2/rss.xml' }, { policy: intranet }).ok).toBe(false);
  });
});

describe('where a host name points is checked when the source is saved', () => {
  const lookup: LookupFn = (host, _o, cb) => {
    if (host === 'intranet.example.cn') return cb(null, [{ address: '10.1.2.3', family: 4 }]);
    if (host === 'mixed.example.cn') return cb(null, [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }]);
    if (host === 'www.example.cn') return cb(null, [{ address: '93.184.216.34', family: 4 }]);
    const e: NodeJS.ErrnoException = new Error('not found');
    e.code = 'ENOTFOUND';
    return cb(e, []);
  };

  test('a name resolving to a private address (or partly) is refused; a public one and an unresolvable one pass', async () => {
    expect(await checkSourceAddress('https://intranet.example.cn/rss', policy, lookup)).toMatch(/内网地址不允许.*10\.1\.2\.3/);
    expect(await checkSourceAddress('https://mixed.example.cn/rss', policy, lookup)).toMatch(/内网地址不允许/);
    expect(await checkSourceAddress('https://www.example.cn/rss', policy, lookup)).toBeNull();
    // Offline now, maybe not later: the source's health will say so; the fetcher re-checks every connect.
    expect(await checkSourceAddress('https://gone.example.cn/rss', policy, lookup)).toBeNull();
    expect(await checkSourceAddress('https://intranet.example.cn/rss', { allowPrivate: ['intranet.example.cn'], allowPorts: [] }, lookup)).toBeNull();
  });
});

describe('the schedule of a built-in source', () => {
  test('interval and switch are read; a bad interval is refused in Chinese', () => {
    expect(validateScheduleValues({ intervalMinutes: '120', enabled: '' })).toEqual({ ok: true, enabled: false, intervalMinutes: 120 });
    const bad = validateScheduleValues({ intervalMinutes: '0', enabled: 'on' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.intervalMinutes).toMatch(/1 到 1440/);
  });
});
