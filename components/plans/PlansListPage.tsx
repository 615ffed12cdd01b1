/** The plan library: every plan with what it is for, its steps, 口径, spokesperson and channels. */
import Link from 'next/link';
import type { PlanRow } from '@/lib/db';
import { formatDateTime } from '@/lib/format/zh';
import { SCOPE_LABELS, TIER_ROUTES, accidentTypeName } from '@/lib/plans/schema';
import './plans.css';

export function PlansListPage({ plans, canManage, savedId, deleted }: { plans: PlanRow[]; canManage: boolean; savedId: number | null; deleted: boolean }) {
  return (
    <div className="pl-page">
      <div className="page-head">
        <h1>应对预案</h1>
        {canManage ? <Link href="/plans/new">新建预案</Link> : null}
      </div>
      <p className="small muted">
        预案按事故类型和等级匹配事件，在事件页“处置预案”中启动；启动后逐项勾选步骤，记录完成人和时间。
      </p>
      {savedId !== null ? <p className="banner pl-notice" role="status">预案已保存。</p> : null}
      {deleted ? <p className="banner pl-notice" role="status">预案已删除。</p> : null}
      {plans.length === 0 ? <p className="empty">预案库为空。{canManage ? '请新建预案。' : ''}</p> : null}
      {plans.map((p) => (
        <section key={p.id} id={`plan-${p.id}`} className="card pl-plan" aria-labelledby={`plan-${p.id}-h`}>
          <h2 id={`plan-${p.id}-h`}>
            {p.name} <span className="tag">{p.tier}</span>
            {p.builtIn ? <span className="tag">内置</span> : null}
          </h2>
          {p.body.summary ? <p>{p.body.summary}</p> : null}
          <dl className="pl-meta">
            <dt>用途</dt>
            <dd>{SCOPE_LABELS[p.scope]}</dd>
            <dt>适用类型</dt>
            <dd>{p.accidentTypes.length ? p.accidentTypes.map(accidentTypeName).join('、') : '全部事故类型'}</dd>
            <dt>适用等级</dt>
            <dd>{p.grades.join('、')}</dd>
            <dt>层级要求</dt>
            <dd>{TIER_ROUTES[p.tier]}</dd>
            <dt>新闻发言人</dt>
            <dd>{p.body.spokesperson}</dd>
            <dt>联络人</dt>
            <dd>{p.body.liaison ?? '未填写'}</dd>
            <dt>发布渠道</dt>
            <dd>{p.body.channels.join(' → ')}</dd>
          </dl>
          <details>
            <summary>处置步骤（{p.body.steps.length} 步）与口径</summary>
            <ol>
              {p.body.steps.map((s, i) => (
                <li key={i}>
                  {s.title}（{s.responsible}；{s.dueHours === null ? '不限时' : `启动后 ${s.dueHours} 小时内`}
                  {s.optional ? '；可选' : ''}）
                </li>
              ))}
            </ol>
            <h3>核心口径</h3>
            <p className="pl-wording">{p.body.wording.core}</p>
            {p.body.wording.qa.length > 0 ? (
              <dl className="pl-qa">
                {p.body.wording.qa.map((q, i) => (
                  <div key={i}>
                    <dt>问：{q.question}</dt>
                    <dd>答：{q.answer}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </details>
          <p className="small muted">
            {formatDateTime(p.updatedAt)} 由 {p.updatedBy} 更新
            {canManage ? (
              <>
                {' · '}
                <Link href={`/plans/${p.id}/edit`} aria-label={`修改预案：${p.name}`}>修改</Link>
              </>
            ) : null}
          </p>
        </section>
      ))}
    </div>
  );
}
