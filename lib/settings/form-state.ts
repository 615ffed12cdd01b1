/**
 * What a settings form's server action returns to the page: field errors in Chinese keyed by the
 * field's name, the values as submitted (React resets a form after its action, so they are echoed
 * back), and a message for the whole form. Pure; shared by server actions and client forms.
 */
import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

export interface FormState {
  status: 'idle' | 'error' | 'saved';
  /** A sentence about the whole form (saved, or why nothing was saved). */
  message: string | null;
  errors: FieldErrors;
  /** The submitted values, so the form shows what was typed after an error. */
  values: Record<string, string> | null;
}

export const IDLE: FormState = { status: 'idle', message: null, errors: {}, values: null };

export const NOTHING_SAVED = '有错误，未保存。请按提示修改后重试。';

/** A form parsed into its value, or the Chinese errors by field. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** The first error of each field (the field is the issue's first path segment), in the schema's words. */
export function fieldErrorsOf(error: z.ZodError, fallbackKey = 'form'): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) out[String(issue.path[0] ?? fallbackKey)] ??= issue.message;
  return out;
}

export function failed(errors: FieldErrors, values: Record<string, string> | null, message = NOTHING_SAVED): FormState {
  return { status: 'error', message, errors, values };
}

export function saved(message: string): FormState {
  return { status: 'saved', message, errors: {}, values: null };
}

/** The key a field's error is filed under: path segments joined by '/' (keys may contain dots). */
export function pathKey(path: readonly PropertyKey[]): string {
  return path.map(String).join('/');
}

/** First message per field path. */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = pathKey(issue.path);
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/** A text field of a form ('' when absent or a file). */
export function formText(fd: FormData, name: string): string {
  const v = fd.get(name);
  return typeof v === 'string' ? v : '';
}

/** Every string value of a form (the first per name), for echoing back after an error. */
export function formValues(fd: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of fd.entries()) {
    if (k.startsWith('$ACTION') || typeof v !== 'string') continue;
    out[k] = k in out ? `${out[k]},${v}` : v;
  }
  return out;
}

/** Checkbox: present and "on" (or "1"/"true") when ticked. */
export function formChecked(fd: FormData, name: string): boolean {
  const v = fd.get(name);
  return v === 'on' || v === '1' || v === 'true';
}

/** A number typed into a form: full-width digits and minus signs are accepted; '' is absent. */
export function parseFormNumber(raw: string): { ok: true; value: number | undefined } | { ok: false } {
  const s = raw.normalize('NFKC').trim().replace(/[−–]/g, '-');
  if (s === '') return { ok: true, value: undefined };
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return { ok: false };
  const n = Number(s);
  return Number.isFinite(n) ? { ok: true, value: n } : { ok: false };
}
