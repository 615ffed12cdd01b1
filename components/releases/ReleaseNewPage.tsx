/**
 * 起草发布稿: a draft prefilled from the kind's template with the event's facts (the latest official
 * figures; unknowns stay 【待补充：…】, nothing invented), the template's required elements, and
 * links to switch the template.
 */
import Link from 'next/link';
import type { ReleaseDraftContext } from '@/lib/db';
import { FACT_FIELDS, formatFigure } from '@/lib/events-view/facts';
import { formatDateTime } from '@/lib/format/zh';
import { RELEASE_KIND_LABELS, RELEASE_KIND_SPECS, RELEASE_KINDS } from '@/lib/releases/kinds';
import type { ReleaseKind } from '@/lib/releases/kinds';
import type { ReleaseDraft } from '@/lib/releases/templates';
import { ReleaseDraftForm } from './ReleaseDraftForm';
import './releases.css';

export function ReleaseNewPage({ kind, draft, context, ignored }: { kind: ReleaseKind; draft: ReleaseDraft; context: ReleaseDraftContext | null; ignored: string[] }) {
  const spec = RELEASE_KIND_SPECS[kind];
  const q = (k: ReleaseKind) => `/releases/new?${context ? `eventId=${context.event.id}&` : ''}kind=${k}`;
  const figures = context ? FACT_FIELDS.filter((f) => typeof context.official.figures[f.field] === 'number') : [];
  return (
    <div className="rl-page">
      <p className="rl-back">
        <Link href="/releases">« 信息发布</Link>
      </p>
      <div className="page-head">
        <h1>起草发布稿</h1>
        <p className="muted">{context ? <>事件：<Link href={`/events/${context.event.id}`}>{context.event.title}</Link></> : '不关联事件'}</p>
      </div>
      {ignored.length > 0 ? (
        <p className="banner rl-ignored" role="note">
          已忽略无效的参数：{ignored.join('、')}
        </p>
      ) : null}
      <nav aria-label="选择模板" className="rl-tabs">
        <ul>
          {RELEASE_KINDS.map((k) => (
            <li key={k}>
              <Link href={q(k)} aria-current={k === kind ? 'page' : undefined}>
                {RELEASE_KIND_LABELS[k]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="rl-columns">
        <ReleaseDraftForm
          kind={kind}
          kinds={RELEASE_KINDS.map((k) => ({ value: k, label: RELEASE_KIND_LABELS[k] }))}
          eventId={context?.event.id ?? null}
          title={draft.title}
          body={draft.body}
        />
        <div>
          <section className="card" aria-labelledby="facts-h">
            <h2 id="facts-h">预填依据</h2>
            {context ? (
              figures.length > 0 ? (
                <dl className="rl-facts">
                  {figures.map((f) => (
                    <div key={f.field}>
                      <dt>{f.label}</dt>
                      <dd>{formatFigure(f.field, context.official.figures[f.field] as number)}</dd>
                    </div>
                  ))}
                  <div>
                    <dt>官方数字截至</dt>
                    <dd>{formatDateTime(context.official.asOf)}</dd>
                  </div>
                </dl>
              ) : (
                <p className="empty">该事件尚无官方通报的伤亡数字，相关内容留作【待补充】。</p>
              )
            ) : (
              <p className="empty">未关联事件：所有事实均留作【待补充】，请逐项填写。</p>
            )}
            <p className="rl-help">事故发生时间、已采取的措施、救援进展、发布单位和联系人不在监测数据中，须由起草人填写。</p>
            <p className="rl-help">尚有 {draft.placeholders.length} 处【待补充】。</p>
          </section>
          <section className="card" aria-labelledby="elements-h">
            <h2 id="elements-h">{spec.label}须含要素</h2>
            <p className="rl-help">{spec.basis}</p>
            <ul className="rl-elements">
              {spec.elements.map((e) => (
                <li key={e.id}>
                  {e.label}
                  <span className={`tag ${e.level}`}>{e.level === 'required' ? '必备' : '建议'}</span>
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </div>
  );
}
