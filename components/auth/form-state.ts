/** The state the sign-in and account forms get back from their server actions. */
export interface AuthFormState {
  status: 'idle' | 'error' | 'done';
  message: string | null;
  /** Errors by field name, shown under the field. */
  fieldErrors: Record<string, string>;
  /** Every reason a new password was refused (the policy's Chinese wording). */
  reasons: string[];
  /** What was typed into the username field, to show it again (never the password). */
  username: string;
}

export const INITIAL_AUTH_STATE: AuthFormState = { status: 'idle', message: null, fieldErrors: {}, reasons: [], username: '' };

export function authError(message: string | null, fieldErrors: Record<string, string> = {}, extra: Partial<AuthFormState> = {}): AuthFormState {
  return { ...INITIAL_AUTH_STATE, status: 'error', message, fieldErrors, ...extra };
}
