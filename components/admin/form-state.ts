/**
 * What the administrators' server actions return to their forms: the settings forms' shape (field
 * errors in Chinese, the submitted values, a message) plus a one-time password, present only in the
 * one response that created it and never stored in clear.
 */
import type { FormState } from '@/lib/settings/form-state';

export interface AdminFormState extends FormState {
  oneTimePassword: string | null;
  /** The account the one-time password belongs to. */
  forUsername: string | null;
}

export const ADMIN_IDLE: AdminFormState = { status: 'idle', message: null, errors: {}, values: null, oneTimePassword: null, forUsername: null };

export function adminFailed(message: string, errors: Record<string, string> = {}, values: Record<string, string> | null = null): AdminFormState {
  return { status: 'error', message, errors, values, oneTimePassword: null, forUsername: null };
}

export function adminSaved(message: string, extra: Partial<Pick<AdminFormState, 'oneTimePassword' | 'forUsername'>> = {}): AdminFormState {
  return { status: 'saved', message, errors: {}, values: null, oneTimePassword: extra.oneTimePassword ?? null, forUsername: extra.forUsername ?? null };
}
