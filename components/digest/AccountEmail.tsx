/** Server part of the 工作邮箱 form: reads the stored address. */
import { db, getAccountEmail } from '@/lib/db';
import { AccountEmailForm } from './AccountEmailForm';

export async function AccountEmail({ userId }: { userId: string }) {
  return <AccountEmailForm email={await getAccountEmail(db(), userId)} />;
}
