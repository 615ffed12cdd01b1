/**
 * Monitoring topics (监测专题) as typed by a press officer: the form schema shared by the settings
 * page and `npm run lexicon -- topic`, and the parser's error located in the rule for highlighting.
 * Pure: also runs in the browser for the live check while typing.
 */
import { z } from 'zod';
import { MAX_RULE_LENGTH, describeTopicRule, parseTopicRule } from '@/lib/analysis/topic-rules';
import type { TopicRule, TopicRuleError } from '@/lib/analysis/topic-rules';
import type { TopicPreview } from './topic-preview';
import { formChecked, formText } from './form-state';

export const TOPIC_NAME_MAX = 60;
export const TOPIC_DESCRIPTION_MAX = 200;

export type RuleCheck = { ok: true; rule: TopicRule; canonical: string } | { ok: false; error: TopicRuleError };

/** Parses a rule; the canonical form shows how it was understood (implicit ANDs made explicit). */
export function checkTopicRule(source: string): RuleCheck {
  const r = parseTopicRule(source);
  return r.ok ? { ok: true, rule: r.rule, canonical: describeTopicRule(r.rule) } : { ok: false, error: r.error };
}

/** The rule cut at the error: the character at `position` (a whole code point) is the one to mark. */
export function splitAtError(source: string, position: number): { before: string; at: string; after: string } {
  const p = Math.max(0, Math.min(position, source.length));
  const cp = source.codePointAt(p);
  const width = cp === undefined ? 0 : cp > 0xffff ? 2 : 1;
  return { before: source.slice(0, p), at: source.slice(p, p + width), after: source.slice(p + width) };
}

/** 规则有误：第 N 个字符处… — the form used by the CLI and the page (the position is always named). */
export function ruleErrorText(error: TopicRuleError): string {
  const where = `第 ${error.position + 1} 个字符`;
  return error.message.includes(where) ? `规则有误：${error.message}` : `规则有误（${where}）：${error.message}`;
}

export const TopicInputSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, '请填写专题名称')
    .max(TOPIC_NAME_MAX, `专题名称最长 ${TOPIC_NAME_MAX} 个字符`)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), '专题名称不能含控制字符'),
  rule: z
    .string()
    .max(MAX_RULE_LENGTH, `规则最长 ${MAX_RULE_LENGTH} 个字符`)
    .superRefine((rule, ctx) => {
      const r = parseTopicRule(rule);
      if (!r.ok) ctx.addIssue({ code: 'custom', message: ruleErrorText(r.error), params: { position: r.error.position } });
    })
    // Whitespace around the rule means nothing to the parser; store it without.
    .transform((s) => s.trim()),
  description: z
    .string()
    .trim()
    .max(TOPIC_DESCRIPTION_MAX, `说明最长 ${TOPIC_DESCRIPTION_MAX} 个字符`)
    .transform((s) => (s === '' ? null : s)),
  enabled: z.boolean(),
});

export type TopicInput = z.output<typeof TopicInputSchema>;

/** The raw fields of the topic form. */
export function topicFormFields(fd: FormData): { name: string; rule: string; description: string; enabled: boolean } {
  return {
    name: formText(fd, 'name'),
    rule: formText(fd, 'rule'),
    description: formText(fd, 'description'),
    enabled: formChecked(fd, 'enabled'),
  };
}

/** Position of the rule error inside a failed TopicInputSchema parse, if the rule was the problem. */
export function ruleErrorPosition(error: z.ZodError): number | null {
  for (const issue of error.issues) {
    if (issue.path[0] !== 'rule' || issue.code !== 'custom') continue;
    const pos = (issue.params as { position?: unknown } | undefined)?.position;
    if (typeof pos === 'number') return pos;
  }
  return null;
}

/** The topic form's state after saving: a rule error carries its position for highlighting. */
export interface TopicFormState {
  status: 'idle' | 'error' | 'saved';
  message: string | null;
  errors: Record<string, string>;
  rulePosition: number | null;
}

export const TOPIC_FORM_IDLE: TopicFormState = { status: 'idle', message: null, errors: {}, rulePosition: null };

/** The 试运行 result shown under the form. */
export interface TopicPreviewState {
  status: 'idle' | 'error' | 'done';
  message: string | null;
  rulePosition: number | null;
  /** The rule the result is for (the field may have changed since). */
  rule: string;
  preview: TopicPreview | null;
}

export const TOPIC_PREVIEW_IDLE: TopicPreviewState = { status: 'idle', message: null, rulePosition: null, rule: '', preview: null };
