/** zod schemas of the digest pages' forms and query strings (Chinese messages). */
import { z } from 'zod';
import { BUSINESS_ROLES } from '@/lib/auth/roles';

export const DigestIdSchema = z.coerce.number().int().positive().max(2_147_483_647);

const dayText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 年-月-日');

/** On-demand daily digest: a range of days, each cut at 08:00 (前日 08:00 to 当日 08:00). */
export const GenerateDailySchema = z
  .object({ from: dayText, to: dayText })
  .refine((v) => v.from < v.to, { message: '结束日期须晚于开始日期', path: ['to'] })
  .refine((v) => (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 <= 31, { message: '时段最长 31 天', path: ['to'] });

export const GenerateSpecialSchema = z.object({ eventId: DigestIdSchema });

export const SignoffSchema = z.object({
  digestId: DigestIdSchema,
  step: z.enum(['review', 'sign'], { error: '未知的步骤' }),
  name: z.string().trim().min(1, '请填写姓名').max(40, '姓名最多 40 个字'),
});

export const InstructionSchema = z.object({
  digestId: DigestIdSchema,
  text: z.string().trim().min(1, '请填写批示内容').max(2000, '批示最多 2000 字'),
});

export const ResendSchema = z.object({ digestId: DigestIdSchema, deliveryId: DigestIdSchema });

const kinds = z.enum(['daily', 'special', 'all'], { error: '请选择订阅的类型' });
export const SubscriptionCreateSchema = z.discriminatedUnion('target', [
  z.object({ target: z.literal('role'), role: z.enum(BUSINESS_ROLES, { error: '请选择角色' }), kinds }),
  z.object({ target: z.literal('address'), address: z.email('邮箱地址无效').max(320).transform((a) => a.toLowerCase()), kinds }),
]);
export const SubscriptionChangeSchema = z.object({ id: DigestIdSchema, op: z.enum(['enable', 'disable', 'delete']) });

/** Work email on the account page: empty clears it. */
export const AccountEmailSchema = z.object({
  email: z.union([z.literal(''), z.email('邮箱地址无效').max(320)]).transform((e) => (e === '' ? null : e.toLowerCase())),
});

/** The first Chinese message of a failed parse. */
export function firstError(e: z.ZodError): string {
  return e.issues[0]?.message ?? '输入无效';
}
