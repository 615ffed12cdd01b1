'use server';
/** POST /account – set one's own work email (digest delivery by role); audited as account.email. */
import { revalidatePath } from 'next/cache';
import { actorAuditContext, requireUser } from '@/lib/auth/dal';
import { db, setAccountEmail } from '@/lib/db';
import { AccountEmailSchema, firstError } from '@/lib/digest/forms';

export interface EmailFormState {
  status: 'idle' | 'saved' | 'error';
  message: string | null;
}

export async function setEmailAction(_prev: EmailFormState, fd: FormData): Promise<EmailFormState> {
  const actor = await requireUser({ allowPending: true });
  const p = AccountEmailSchema.safeParse({ email: typeof fd.get('email') === 'string' ? String(fd.get('email')).trim() : '' });
  if (!p.success) return { status: 'error', message: firstError(p.error) };
  const r = await setAccountEmail(db(), actor.userId, p.data.email, await actorAuditContext(actor), new Date());
  revalidatePath('/account');
  return { status: r.ok ? 'saved' : 'error', message: r.message };
}
