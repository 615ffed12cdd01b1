/**
 * `npm run analyze [-- --db] [--full]` reads JSON lines {"id","title","text"} on stdin and writes one
 * JSON line per input: sentiment, risk, cues and accident facts. A bad line yields an error line
 * for that id; the run goes on. --db uses the lexicon and topics stored in the database.
 */
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { DEFAULT_ANALYSIS_LEXICON, analyzeItem } from '../lib/analysis/analyze';
import type { AnalysisLexicon, CompiledTopic, ItemAnalysisResult } from '../lib/analysis/analyze';
import type { PlaceEvidence } from '../lib/analysis/place';
import { loadAnalysisContext } from '../lib/pipeline/analysis-context';

const MAX_LINE_CHARS = 2_000_000;

const InputSchema = z.object({
  id: z.union([z.string().max(200), z.number().finite()]),
  title: z.string().max(1_000_000).optional().default(''),
  text: z.string().max(MAX_LINE_CHARS).optional().default(''),
  source: z.enum(['official', 'central_media', 'local_media', 'forum_social', 'own_site']).optional(),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
});

const USAGE = `用法: npm run analyze [-- --db] [--full] < items.jsonl
  每行输入一个 JSON 对象 {"id","title","text"}（可选 "source": official|central_media|local_media|forum_social,
  "publishedAt": ISO 时间），每行输出一个 JSON 结果；格式错误的行输出 {"id","error"}，不中断。
  --db    使用数据库中的词库和监测专题（DATABASE_URL），默认使用内置词库
  --full  输出完整分析（风险因子、证据位置、专题、指纹）`;

function compact(id: string | number, r: ItemAnalysisResult, full: boolean): Record<string, unknown> {
  const a = r.accident;
  const out: Record<string, unknown> = {
    id,
    sentiment: { score: r.sentiment.score, label: r.sentiment.label },
    risk: r.risk.score,
    sensitivity: r.sensitivity.level,
    cues: r.sentiment.cues.map((c) => ({
      term: c.term,
      category: c.category,
      weight: c.weight,
      field: c.field,
      start: c.start,
      end: c.end,
      ...(c.negated ? { negated: true } : {}),
    })),
    accident: {
      type: a.type,
      province: r.place.province,
      city: r.place.city,
      enterprise: a.enterprise,
      deaths: a.deaths,
      seriousInjuries: a.seriousInjuries,
      injuries: a.injuries,
      missing: a.missing,
      trapped: a.trapped,
      lossYuan: a.lossYuan,
      grade: a.grade,
      ...(a.aggregate ? { aggregate: true } : {}),
      ...(a.rumour ? { rumour: true } : {}),
    },
  };
  if (full) {
    out.riskFactors = r.risk.factors;
    if (r.sentiment.adjustments?.length) out.sentimentAdjustments = r.sentiment.adjustments;
    out.sensitivityClasses = r.sensitivity.classes;
    out.officialVoice = r.officialVoice;
    out.evidence = [...a.evidence, ...r.place.evidence.map((e: PlaceEvidence) => ({ field: 'place', ...e }))];
    out.occurred = { text: a.occurredText, at: a.occurredAt?.toISOString() ?? null };
    out.topics = r.topics.map((t) => ({ id: t.id, name: t.name }));
  }
  return out;
}

function idOf(raw: unknown): string | number | null {
  if (raw && typeof raw === 'object' && 'id' in raw) {
    const id = (raw as { id: unknown }).id;
    if (typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) return id;
  }
  return null;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = argv.filter((a) => a !== '--db' && a !== '--full');
  if (unknown.length) {
    process.stderr.write(`未知参数: ${unknown.join(' ')}\n${USAGE}\n`);
    return 2;
  }
  const full = argv.includes('--full');
  let lexicon: AnalysisLexicon = DEFAULT_ANALYSIS_LEXICON;
  let topics: readonly CompiledTopic[] = [];
  let close: (() => Promise<void>) | null = null;
  if (argv.includes('--db')) {
    const ctx = await loadAnalysisContext();
    lexicon = ctx.lexicon;
    topics = ctx.topics;
    close = ctx.close;
  }
  const write = (obj: unknown): boolean => process.stdout.write(`${JSON.stringify(obj)}\n`);
  let lineNo = 0;
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    lineNo += 1;
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      if (line.length > MAX_LINE_CHARS) throw new Error(`行过长（${line.length} 字符，上限 ${MAX_LINE_CHARS}）`);
      raw = JSON.parse(line);
    } catch (e) {
      write({ id: null, line: lineNo, error: `不是有效的 JSON: ${e instanceof Error ? e.message : String(e)}` });
      continue;
    }
    const parsed = InputSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(根)'}: ${i.message}`).join('; ');
      write({ id: idOf(raw), line: lineNo, error: `输入格式错误: ${issues}` });
      continue;
    }
    const input = parsed.data;
    try {
      const result = analyzeItem(
        {
          title: input.title,
          text: input.text,
          sourceCategory: input.source ?? null,
          publishedAt: input.publishedAt ? new Date(input.publishedAt) : null,
        },
        lexicon,
        topics,
      );
      if (!write(compact(input.id, result, full))) {
        await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
      }
    } catch (e) {
      write({ id: input.id, line: lineNo, error: `分析失败: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  if (close) await close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`analyze 失败: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
