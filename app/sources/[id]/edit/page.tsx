import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { ScheduleForm } from '@/components/sources/ScheduleForm';
import { SourceForm } from '@/components/sources/SourceForm';
import { ORIGIN_LABELS } from '@/components/sources/labels';
import '@/components/sources/sources.css';
import { db, getSource, isBuiltInOrigin, sourceConfigFromRow } from '@/lib/db';
import { SOURCE_FIELD_LABELS, formValuesFromConfig } from '@/lib/sources/form';
import type { SourceFormValues } from '@/lib/sources/form';
import { SOURCE_CATEGORIES } from '@/lib/sources/schema';
import { requirePermission } from '@/lib/auth/dal';

// GET /sources/[id]/edit – edit a dashboard source; only the schedule of a built-in one
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  await requirePermission('sources.manage');
  await connection();
  const { id } = await params;
  const row = await getSource(db(), id);
  if (!row) notFound();
  const builtIn = isBuiltInOrigin(row.origin);
  let initial: SourceFormValues;
  try {
    initial = formValuesFromConfig(sourceConfigFromRow(row));
  } catch {
    // A stored definition that no longer validates: show what there is, so it can be fixed here.
    initial = { name: row.name, url: row.url, kind: row.kind, category: row.category, intervalMinutes: String(row.intervalMinutes), enabled: row.enabled ? 'on' : '' };
  }
  return (
    <div className="sources">
      <div className="page-head">
        <h1>编辑信源：{row.name}</h1>
        <a href={`/sources/${row.id}`}>返回信源详情</a>
      </div>
      {builtIn ? (
        <>
          <p className="banner demo" role="note">
            这是{ORIGIN_LABELS[row.origin] ?? row.origin}信源，它的地址和选择器由内置文件维护，抓取进程每次启动时会按文件重新载入（启用状态和抓取间隔也会恢复为文件中的值）。
            这里只能临时修改启用状态和抓取间隔；需要长期修改请改信源文件，或停用后添加一个用户信源。
          </p>
          <ScheduleForm id={row.id} enabled={row.enabled} intervalMinutes={row.intervalMinutes} />
        </>
      ) : (
        <SourceForm
          editId={row.id}
          initial={initial}
          labels={SOURCE_FIELD_LABELS}
          categories={Object.entries(SOURCE_CATEGORIES)}
        />
      )}
    </div>
  );
}
