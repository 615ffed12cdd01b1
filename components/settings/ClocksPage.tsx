import type { SettingRecord } from '@/lib/db';
import { CLOCK_GROUPS, changedClockKeys, effectiveClocks, localRuleFormDefaults } from '@/lib/settings/clocks';
import { formatSettingValue } from '@/lib/settings/override';
import type { ResponseClockConfig } from '@/lib/warning/clocks';
import { DEFAULT_CLOCK_CONFIG } from '@/lib/warning/clocks';
import { ClockGroupForm } from './ClockGroupForm';
import { ResetAllForm } from './ResetAllForm';
import type { GroupValues } from './ThresholdGroupForm';
import { LastChanged } from './ThresholdsPage';

function formValuesOf(c: ResponseClockConfig): Record<string, string> {
  const local = localRuleFormDefaults(c);
  return {
    authoritativeInfoHours: formatSettingValue(c.authoritativeInfoHours),
    pressConferenceHours: formatSettingValue(c.pressConferenceHours),
    majorGrades: c.majorGrades.join(','),
    replyHours: formatSettingValue(c.replyHours),
    warningMarginMinutes: formatSettingValue(c.warningMarginMinutes),
    'localFirstRelease/enabled': c.localFirstRelease ? 'on' : '',
    'localFirstRelease/hours': formatSettingValue(local.hours),
    'localFirstRelease/grades': local.grades.join(','),
    'localFirstRelease/label': local.label,
  };
}

/** One sentence of what is in force, e.g. for the settings overview. */
export function describeClocks(c: ResponseClockConfig): string {
  const major = c.majorGrades.length ? `${c.majorGrades.join('、')}事件：权威信息 ${c.authoritativeInfoHours} 小时、发布会 ${c.pressConferenceHours} 小时内` : '不启动权威信息与发布会时限';
  const local = c.localFirstRelease ? `；${c.localFirstRelease.label}：${c.localFirstRelease.grades.join('、')} ${c.localFirstRelease.hours} 小时内` : '';
  return `${major}；其他政务舆情 ${c.replyHours} 小时内回应${local}。`;
}

export function ClocksPage({ record }: { record: SettingRecord | null }) {
  const { value, valid } = effectiveClocks(record?.value);
  const changed = changedClockKeys(value);
  const values = formValuesOf(value);
  const defaults = formValuesOf(DEFAULT_CLOCK_CONFIG);
  return (
    <div className="settings">
      <div className="page-head">
        <h1>响应时限</h1>
        <LastChanged record={record} changedCount={changed.size} />
      </div>
      <p className="lead">当前：{describeClocks(value)}修改只影响之后新出现的事件，已在计时的时限不变。</p>
      {!valid && (
        <p className="banner alert" role="alert">
          已保存的时限规则无法通过校验，系统目前按默认值运行。请检查并重新保存，或“全部恢复默认”。
        </p>
      )}
      {CLOCK_GROUPS.map((g) => {
        const data: GroupValues = {
          values: Object.fromEntries(g.keys.map((k) => [k, values[k] ?? ''])),
          defaults: Object.fromEntries(g.keys.map((k) => [k, defaults[k] ?? ''])),
          changed: g.keys.filter((k) => changed.has(k)),
        };
        return (
          <section key={g.id} className="card" aria-labelledby={`clock-${g.id}-h`}>
            <h2 id={`clock-${g.id}-h`}>{g.title}</h2>
            <p className="field-help">{g.help}</p>
            <ClockGroupForm groupId={g.id} data={data} />
          </section>
        );
      })}
      <section className="card" aria-labelledby="clock-reset-h">
        <h2 id="clock-reset-h">全部恢复默认</h2>
        <ResetAllForm target="clocks" />
      </section>
    </div>
  );
}
