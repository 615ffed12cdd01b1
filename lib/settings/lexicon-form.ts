/**
 * Lexicon entries (词典) as edited on the settings page and with `npm run lexicon -- set`: one
 * schema for both, with the fields each kind uses and their ranges, in Chinese. Pure.
 */
import { z } from 'zod';
import { ACCIDENT_TYPES, isAccidentTypeCode } from '@/lib/analysis/accident';
import { LEXICON_ENTRY_KINDS, MAX_WEIGHT, MIN_WEIGHT, SENTIMENT_CATEGORIES } from '@/lib/analysis/lexicon';
import type { LexiconCategory, LexiconEntryKind } from '@/lib/analysis/lexicon';
import type { FieldErrors } from './form-state';
import { formChecked, formText, parseFormNumber, zodFieldErrors } from './form-state';
import { DEGREE_MAX, KIND_FIELDS, NOTE_MAX, SENTIMENT_CATEGORY_LABELS, TERM_MAX } from './lexicon-labels';

export {
  DEGREE_MAX,
  KIND_FIELDS,
  LEXICON_KIND_HELP,
  LEXICON_KIND_LABELS,
  NOTE_MAX,
  SENTIMENT_CATEGORY_LABELS,
  TERM_MAX,
  termLabel,
} from './lexicon-labels';

export const KindSchema = z.enum(LEXICON_ENTRY_KINDS as [LexiconEntryKind, ...LexiconEntryKind[]], {
  error: () => `词条类型必须是 ${LEXICON_ENTRY_KINDS.join(' / ')} 之一`,
});

/** A new term: what a person can type. Existing rows (such as the newline clause break) are kept as stored. */
export const TermSchema = z
  .string()
  .trim()
  .min(1, '词条不能为空')
  .max(TERM_MAX, `词条最长 ${TERM_MAX} 个字符`)
  .refine((t) => !/\s/.test(t), '词条不能含空白字符')
  .refine((t) => !/[\u0000-\u001f\u007f]/.test(t), '词条不能含控制字符');

const NoteSchema = z
  .string()
  .trim()
  .max(NOTE_MAX, `说明最长 ${NOTE_MAX} 个字符`)
  .transform((s) => (s === '' ? null : s));

const PLACE_PART_MAX = 20;

/** The place category `省/市` (city optional). */
export function placeCategory(province: string, city: string): string {
  const p = province.trim();
  const c = city.trim();
  return c ? `${p}/${c}` : p;
}

function checkPlace(category: string): { field: 'province' | 'city'; message: string } | null {
  const parts = category.split('/').map((x) => x.trim());
  const [province = '', city = ''] = parts;
  if (parts.length > 2) return { field: 'city', message: '省、市名称中不能含“/”' };
  if (!province) return { field: 'province', message: '请填写所属省份（如 山西省）' };
  if (province.length > PLACE_PART_MAX) return { field: 'province', message: `省份名称最长 ${PLACE_PART_MAX} 个字符` };
  if (city.length > PLACE_PART_MAX) return { field: 'city', message: `城市名称最长 ${PLACE_PART_MAX} 个字符` };
  return null;
}

/**
 * One edit of one entry. Fields left out keep their stored value (the CLI's `set` changes only what
 * it is given); a new entry must name every field its kind uses (`missingForNew`).
 */
export function lexiconEditSchema(opts: { existing?: boolean } = {}) {
  return z
    .object({
      kind: KindSchema,
      term: opts.existing ? z.string().min(1, '词条不能为空') : TermSchema,
      category: z.string().trim().optional(),
      weight: z.number({ error: '权重须是数字' }).optional(),
      enabled: z.boolean().optional(),
      note: NoteSchema.nullable().optional(),
    })
    .superRefine((e, ctx) => {
      const fields = KIND_FIELDS[e.kind];
      if (e.category !== undefined) {
        if (fields.category === 'sentiment' && !(SENTIMENT_CATEGORIES as readonly string[]).includes(e.category)) {
          ctx.addIssue({ code: 'custom', path: ['category'], message: '请选择情感词类别' });
        }
        if (fields.category === 'accident_type' && !isAccidentTypeCode(e.category)) {
          ctx.addIssue({ code: 'custom', path: ['category'], message: '请选择 GB 6441 事故类别（01–20）' });
        }
        if (fields.category === 'place') {
          const problem = checkPlace(e.category);
          if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
        }
      }
      if (e.weight !== undefined) {
        if (fields.weight === 'sentiment') {
          if (e.weight < MIN_WEIGHT || e.weight > MAX_WEIGHT) {
            ctx.addIssue({ code: 'custom', path: ['weight'], message: `情感词权重须在 ${MIN_WEIGHT} 到 ${MAX_WEIGHT} 之间` });
          } else if (e.weight === 0) {
            ctx.addIssue({ code: 'custom', path: ['weight'], message: '权重不能为 0（不想让它起作用，请停用该词）' });
          }
        }
        if (fields.weight === 'degree' && (e.weight <= 0 || e.weight > DEGREE_MAX)) {
          ctx.addIssue({ code: 'custom', path: ['weight'], message: `程度副词的倍数须大于 0、不超过 ${DEGREE_MAX}` });
        }
      }
      if (e.kind === 'place' && !opts.existing && e.term.trim().length < 2) {
        ctx.addIssue({ code: 'custom', path: ['term'], message: '地名至少 2 个字' });
      }
    });
}

export type LexiconEditInput = z.output<ReturnType<typeof lexiconEditSchema>>;

/** Errors for the fields a new entry of this kind must have. */
export function missingForNew(e: { kind: LexiconEntryKind; category?: string; weight?: number }): FieldErrors {
  const fields = KIND_FIELDS[e.kind];
  const out: FieldErrors = {};
  if (fields.category && !e.category) {
    out[fields.category === 'place' ? 'province' : 'category'] =
      fields.category === 'sentiment' ? '请选择情感词类别' : fields.category === 'place' ? '请填写所属省份（如 山西省）' : '请选择 GB 6441 事故类别（01–20）';
  }
  if (fields.weight && e.weight === undefined) {
    out.weight = fields.weight === 'sentiment' ? `请填写权重（${MIN_WEIGHT} 到 ${MAX_WEIGHT}）` : `请填写倍数（大于 0、不超过 ${DEGREE_MAX}）`;
  }
  return out;
}

export type LexiconFormResult = { ok: true; edit: LexiconEditInput } | { ok: false; errors: FieldErrors };

/**
 * The settings page's add/edit form. For an edit, kind and term come from the stored row, never from
 * the form; every field the kind uses is required.
 */
export function parseLexiconForm(fd: FormData, existing: { kind: LexiconEntryKind; term: string } | null): LexiconFormResult {
  const errors: FieldErrors = {};
  const kindRaw = existing ? existing.kind : formText(fd, 'kind');
  const kind = KindSchema.safeParse(kindRaw);
  if (!kind.success) return { ok: false, errors: { kind: '请选择词条类型' } };
  const fields = KIND_FIELDS[kind.data];
  let weight: number | undefined;
  if (fields.weight) {
    const n = parseFormNumber(formText(fd, 'weight'));
    if (!n.ok) errors.weight = '请输入数字，如 -2 或 1.5';
    else weight = n.value;
  }
  let category: string | undefined;
  if (fields.category === 'place') {
    const province = formText(fd, 'province').trim();
    category = province || formText(fd, 'city').trim() ? placeCategory(province, formText(fd, 'city')) : undefined;
  } else if (fields.category) {
    category = formText(fd, 'category').trim() || undefined;
  }
  const input = {
    kind: kind.data,
    term: existing ? existing.term : formText(fd, 'term'),
    ...(category !== undefined ? { category } : {}),
    ...(weight !== undefined ? { weight } : {}),
    enabled: formChecked(fd, 'enabled'),
    note: formText(fd, 'note'),
  };
  const parsed = lexiconEditSchema({ existing: existing !== null }).safeParse(input);
  if (!parsed.success) Object.assign(errors, { ...zodFieldErrors(parsed.error), ...errors });
  // The form always shows the fields of its kind: a blanked one is an error, not "keep the old value".
  {
    for (const [k, v] of Object.entries(missingForNew({ kind: kind.data, ...(category !== undefined ? { category } : {}), ...(weight !== undefined ? { weight } : {}) }))) {
      if (!(k in errors)) errors[k] = v;
    }
  }
  if (Object.keys(errors).length || !parsed.success) return { ok: false, errors };
  const edit = parsed.data;
  // A new entry of a kind without category/weight stores the neutral values explicitly.
  if (!existing) return { ok: true, edit: { ...edit, category: edit.category ?? '', weight: edit.weight ?? 0 } };
  return { ok: true, edit };
}

export const LEXICON_STATUSES = ['all', 'enabled', 'disabled', 'edited'] as const;
export type LexiconStatusFilter = (typeof LEXICON_STATUSES)[number];
export const LEXICON_STATUS_LABELS: Readonly<Record<LexiconStatusFilter, string>> = {
  all: '全部',
  enabled: '启用中',
  disabled: '已停用',
  edited: '人工修改过',
};

export const LEXICON_PAGE_SIZE = 50;

/** The lexicon list's query string (anything unexpected falls back to the default view). */
export const LexiconQuerySchema = z.object({
  kind: KindSchema.catch('sentiment'),
  q: z
    .string()
    .trim()
    .max(TERM_MAX)
    .catch('')
    .transform((s) => s.slice(0, TERM_MAX)),
  status: z.enum(LEXICON_STATUSES).catch('all'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type LexiconQuery = z.output<typeof LexiconQuerySchema>;

export function parseLexiconQuery(sp: Record<string, string | string[] | undefined>): LexiconQuery {
  const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
  return LexiconQuerySchema.parse({
    kind: first(sp.kind) ?? 'sentiment',
    q: first(sp.q) ?? '',
    status: first(sp.status) ?? 'all',
    page: first(sp.page) ?? '1',
  });
}

export function accidentTypeOptions(): { value: string; label: string }[] {
  return Object.entries(ACCIDENT_TYPES).map(([code, name]) => ({ value: code, label: `${code} ${name}` }));
}


/** What a stored entry's category means, in Chinese. */
export function categoryLabel(kind: LexiconEntryKind, category: string): string {
  if (kind === 'sentiment') return SENTIMENT_CATEGORY_LABELS[category as LexiconCategory] ?? category;
  if (kind === 'accident_type') return isAccidentTypeCode(category) ? `${category} ${ACCIDENT_TYPES[category]}` : category;
  if (kind === 'place') return category;
  return '';
}
