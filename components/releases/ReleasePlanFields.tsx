/**
 * The release-specific 预案 fields (DOMAIN §4.2) for the plan editor, as one fieldset to put inside
 * its form: `<ReleasePlanFields values={values} errors={errors} idPrefix={uid} />`. Field names are
 * the rel-* names lib/plans/forms parses; every field is optional and only release-scope plans keep
 * them. Renders with the editor's pl- classes.
 */
import { PLAN_TIERS, RELEASE_ITEM_TYPES, RISK_LEVELS, STAKEHOLDERS, TRIGGER_PRODUCTS } from '@/lib/plans/schema';

export interface ReleasePlanFieldsProps {
  values: Record<string, string>;
  errors: Record<string, string>;
  idPrefix: string;
}

export function ReleasePlanFields({ values, errors, idPrefix }: ReleasePlanFieldsProps) {
  const v = (k: string) => values[k] ?? '';
  const id = (k: string) => `${idPrefix}-${k}`;
  const invalid = (k: string) => (errors[k] ? { 'aria-invalid': true as const, 'aria-describedby': `${id(k)}-err` } : {});
  const err = (k: string) =>
    errors[k] ? (
      <p id={`${id(k)}-err`} className="pl-field-error">
        {errors[k]}
      </p>
    ) : null;
  const stakeholders = v('rel-stakeholders').split(',').map((s) => s.trim()).filter(Boolean);
  const known = new Set<string>(STAKEHOLDERS);
  const field = (k: string, label: string, max: number, opts: { area?: boolean; help?: string } = {}) => (
    <div className="pl-field">
      <label htmlFor={id(k)}>{label}（可选）</label>
      {opts.help ? <p className="pl-field-help">{opts.help}</p> : null}
      {opts.area ? (
        <textarea id={id(k)} name={k} maxLength={max} defaultValue={v(k)} {...invalid(k)} />
      ) : (
        <input id={id(k)} type="text" name={k} maxLength={max} defaultValue={v(k)} {...invalid(k)} />
      )}
      {err(k)}
    </div>
  );
  const select = (k: string, label: string, options: readonly string[]) => (
    <div className="pl-field">
      <label htmlFor={id(k)}>{label}（可选）</label>
      <select id={id(k)} name={k} defaultValue={v(k)} {...invalid(k)}>
        <option value="">未定</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
      {err(k)}
    </div>
  );
  return (
    <fieldset className="pl-fieldset" data-section="release-plan">
      <legend>发布前准备（仅“发布前准备”用途的预案保存这些内容）</legend>
      <p className="pl-field-help">依据 74号通知“预判、预案、跟踪、正面发布”和 61号文件“发布前风险评估”。</p>
      <div className="pl-grid">
        {select('rel-type', '发布事项类型', RELEASE_ITEM_TYPES)}
        {field('rel-planned', '计划发布时间', 100, { help: '如：结案批复后 3 个工作日内' })}
      </div>
      <h3>风险研判</h3>
      {field('rel-questions', '可能的疑问和质疑（每行一条）', 4000, { area: true, help: '如：死亡人数与网传不符；责任人处理偏轻；企业此前多次被罚' })}
      <fieldset className="pl-fieldset" {...invalid('rel-stakeholders')}>
        <legend>利益相关方（可选）</legend>
        <div className="pl-choices">
          {STAKEHOLDERS.map((s) => (
            <label key={s}>
              <input type="checkbox" name="rel-stakeholders" value={s} defaultChecked={stakeholders.includes(s)} /> {s}
            </label>
          ))}
        </div>
        <div className="pl-field">
          <label htmlFor={id('rel-stakeholders-other')}>其他（用逗号分隔）</label>
          <input id={id('rel-stakeholders-other')} type="text" name="rel-stakeholders" maxLength={200} defaultValue={stakeholders.filter((s) => !known.has(s)).join(',')} />
        </div>
        {err('rel-stakeholders')}
      </fieldset>
      <div className="pl-grid">
        {field('rel-dates', '敏感时间节点', 300)}
        {select('rel-level', '风险等级', RISK_LEVELS)}
      </div>
      <h3>监测方案</h3>
      <div className="pl-grid">
        {field('rel-keywords', '监测关键词', 500)}
        {field('rel-platforms', '监测平台', 300)}
        {field('rel-frequency', '监测频次', 100)}
        {field('rel-thresholds', '升级阈值', 500)}
      </div>
      <h3>分级响应（触发矩阵）</h3>
      <table className="pl-rows">
        <thead>
          <tr>
            <th scope="col">层级</th>
            <th scope="col">产品</th>
            <th scope="col">审批人</th>
          </tr>
        </thead>
        <tbody>
          {PLAN_TIERS.map((t) => {
            const pk = `rel-trigger-${t}-product`;
            const ak = `rel-trigger-${t}-approver`;
            return (
              <tr key={t}>
                <th scope="row">{t}</th>
                <td>
                  <label className="pl-sr" htmlFor={id(pk)}>
                    {t}层级的产品
                  </label>
                  <select id={id(pk)} name={pk} defaultValue={v(pk)} {...invalid(pk)}>
                    <option value="">不适用</option>
                    {TRIGGER_PRODUCTS.map((p) => (
                      <option key={p} value={p}>
                        {p}
                      </option>
                    ))}
                  </select>
                  {err(pk)}
                </td>
                <td>
                  <label className="pl-sr" htmlFor={id(ak)}>
                    {t}层级的审批人
                  </label>
                  <input id={id(ak)} type="text" name={ak} maxLength={60} defaultValue={v(ak)} {...invalid(ak)} />
                  {err(ak)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {field('rel-positive', '事先准备的正面材料', 2000, { area: true, help: '如：救援进展、整改成效、安全大检查' })}
      {field('rel-review', '发布后评估', 2000, { area: true })}
    </fieldset>
  );
}
