/**
 * Text fields of the forms as zod schemas with their Chinese messages: an empty optional field is
 * absent (not ""), a required one says what is missing, both are trimmed and capped.
 */
import { z } from 'zod';

export const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const optionalText = (max: number, what: string) =>
  z.preprocess(blankToUndefined, z.string().trim().max(max, { error: `${what}不能超过 ${max} 个字` }).optional());

export const requiredText = (max: number, missing: string, what: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v : ''),
    z.string().trim().min(1, { error: missing }).max(max, { error: `${what}不能超过 ${max} 个字` }),
  );
