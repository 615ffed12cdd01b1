import { connection } from 'next/server';
import { TopicsPage } from '@/components/settings/TopicsPage';
import { db, getAnalysisStatus, getTopicPreviewItems, getTopicSettingsRows } from '@/lib/db';
import { checkTopicRule } from '@/lib/settings/topic-form';
import { TOPIC_PREVIEW_LIMIT, previewSince, previewTopic } from '@/lib/settings/topic-preview';
import { requirePermission } from '@/lib/auth/dal';

// GET /settings/topics – 监测专题 (?saved=ID after saving: that topic's 试运行)
export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission('settings.read');
  await connection();
  const sp = await searchParams;
  const now = new Date();
  const client = db();
  const [rows, status] = await Promise.all([getTopicSettingsRows(client, previewSince(now)), getAnalysisStatus(client)]);
  const savedId = typeof sp.saved === 'string' && /^\d{1,10}$/.test(sp.saved) ? Number(sp.saved) : null;
  const savedTopic = savedId === null ? undefined : rows.find((r) => r.id === savedId);
  let saved = null;
  if (savedTopic) {
    const check = checkTopicRule(savedTopic.rule);
    if (check.ok) {
      const { items, truncated } = await getTopicPreviewItems(client, { since: previewSince(now), limit: TOPIC_PREVIEW_LIMIT });
      saved = { topic: savedTopic, preview: previewTopic(check.rule, items, { truncated }) };
    } else {
      saved = { topic: savedTopic, preview: null };
    }
  }
  return <TopicsPage rows={rows} status={status} saved={saved} deleted={sp.deleted === '1'} />;
}
