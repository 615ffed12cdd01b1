/** Loads a stored digest with its parsed content (null for an unknown id or unreadable content). */
import { getDigest } from '@/lib/db';
import type { Db, DigestRow } from '@/lib/db';
import { DigestIdSchema } from './forms';
import { parseDigestContent } from './model';
import type { DigestContent } from './model';

export async function loadDigest(client: Db, rawId: string): Promise<{ row: DigestRow; content: DigestContent } | null> {
  const id = DigestIdSchema.safeParse(rawId);
  if (!id.success) return null;
  const row = await getDigest(client, id.data);
  if (!row) return null;
  const content = parseDigestContent(row.contentJson);
  return content ? { row, content } : null;
}
