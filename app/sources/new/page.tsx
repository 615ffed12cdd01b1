import { SourceForm } from '@/components/sources/SourceForm';
import '@/components/sources/sources.css';
import { NEW_SOURCE_VALUES, SOURCE_FIELD_LABELS } from '@/lib/sources/form';
import { SOURCE_CATEGORIES } from '@/lib/sources/schema';
import { requirePermission } from '@/lib/auth/dal';

// GET /sources/new – add a source (test it first, then save)
export default async function Page() {
  await requirePermission('sources.manage');
  return (
    <div className="sources">
      <div className="page-head">
        <h1>添加信源</h1>
        <a href="/sources">返回信源列表</a>
      </div>
      <p className="muted small">
        先填写地址并点击“测试/预览”，确认能读出信息后再保存。内网地址、非 http(s) 地址和不常用端口会被拒绝（与抓取进程的安全规则相同）。
      </p>
      <SourceForm initial={NEW_SOURCE_VALUES} labels={SOURCE_FIELD_LABELS} categories={Object.entries(SOURCE_CATEGORIES)} />
    </div>
  );
}
