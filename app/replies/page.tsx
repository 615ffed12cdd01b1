import type { Metadata } from 'next';
import { Suspense } from 'react';
import { RepliesListPage } from '@/components/replies/RepliesListPage';
import { hasPermission, requirePermission } from '@/lib/auth/dal';
import { db, listReplyAssignees, listReplyProposals, listReplyTasks } from '@/lib/db';
import { parseListQuery } from '@/lib/replies/forms';
import type { SearchParams } from '@/lib/replies/forms';

export const metadata: Metadata = { title: '待回应 - 安全生产舆情监测预警平台' };

async function List({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const now = new Date();
  const { query, ignored } = parseListQuery(await searchParams);
  const client = db();
  const [list, proposals, assignees, canHandle] = await Promise.all([
    listReplyTasks(client, query, now),
    listReplyProposals(client, now),
    listReplyAssignees(client),
    hasPermission('replies.handle'),
  ]);
  return <RepliesListPage list={list} proposals={proposals} assignees={assignees} query={query} ignored={ignored} canHandle={canHandle} now={now} />;
}

// GET /replies – reply tasks by due time (overdue first) and the attention rule's proposals
export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePermission('monitor.read');
  // The check comes before the loading state streams, so refusals stay real 403s and redirects.
  return (
    <Suspense fallback={<p className="loading" role="status">正在加载待回应…</p>}>
      <List searchParams={searchParams} />
    </Suspense>
  );
}
