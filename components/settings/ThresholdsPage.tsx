import type { SettingRecord } from '@/lib/db';
import { formatDateTime } from '@/lib/format/zh';
import { actorLabel } from '@/lib/settings/actor';
import { formatSettingValue, getAt } from '@/lib/settings/override';
import { THRESHOLD_GROUPS, changedThresholdKeys, effectiveThresholds } from '@/lib/settings/thresholds';
import { DEFAULT_THRESHOLDS } from '@/lib/warning/levels';
import type { GroupValues } from './ThresholdGroupForm';
import { ResetAllForm } from './ResetAllForm';
import { ThresholdGroupForm } from './ThresholdGroupForm';

export function LastChanged({ record, changedCount }: { record: SettingRecord | null; changedCount: number }) {
  if (!record || changedCount === 0) return <span className="muted small">全部为默认值</span>;
  return (
    <span className="muted small">
      已修改 {changedCount} 项 · 最近修改 {formatDateTime(record.updatedAt)} · {actorLabel(record.updatedBy)}
    </span>
  );
}

export function ThresholdsPage({ record }: { record: SettingRecord | null }) {
  const { value, valid } = effectiveThresholds(record?.value);
  const changed = changedThresholdKeys(value);
  return (
    <div className="settings">
      <div className="page-head">
        <h1>预警阈值</h1>
        <LastChanged record={record} changedCount={changed.size} />
      </div>
      <p className="lead">
        每种预警在什么数值下发出、发出哪一级。每项旁边注明默认值；保存后从下一次检测（约每分钟一次）起生效，不改变已经发出的预警。
      </p>
      <nav aria-label="本页分组" className="small" style={{ marginBottom: 10 }}>
        本页分组：
        {THRESHOLD_GROUPS.map((g, i) => (
          <span key={g.id}>
            {i > 0 && ' · '}
            <a href={`#group-${g.id}`}>{g.title}</a>
          </span>
        ))}
      </nav>
      {!valid && (
        <p className="banner alert" role="alert">
          已保存的阈值无法通过校验，系统目前按默认值运行。请检查并重新保存，或“全部恢复默认”。
        </p>
      )}
      {THRESHOLD_GROUPS.map((g) => {
        const data: GroupValues = { values: {}, defaults: {}, changed: [] };
        for (const f of g.fields) {
          const key = f.path.join('/');
          data.values[key] = formatSettingValue(getAt(value, f.path));
          data.defaults[key] = formatSettingValue(getAt(DEFAULT_THRESHOLDS, f.path));
        }
        data.changed = [...changed].filter((k) => k in data.values);
        return (
          <section key={g.id} className="card" aria-labelledby={`group-${g.id}-h`} id={`group-${g.id}`}>
            <h2 id={`group-${g.id}-h`}>{g.title}</h2>
            <p className="field-help">{g.help}</p>
            <ThresholdGroupForm groupId={g.id} data={data} />
          </section>
        );
      })}
      <section className="card" aria-labelledby="reset-all-h">
        <h2 id="reset-all-h">全部恢复默认</h2>
        <ResetAllForm target="thresholds" />
      </section>
    </div>
  );
}
