/** A digest's content: every statement with links to its evidence (crawled text rendered as text). */
import Link from 'next/link';
import { EVIDENCE_LABELS } from '@/lib/digest/model';
import type { DigestContent, Evidence, Statement } from '@/lib/digest/model';
import './digest.css';

function EvidenceLinks({ evidence, more, exists }: { evidence: readonly Evidence[]; more: number; exists: ReadonlySet<string> | null }) {
  if (evidence.length === 0) return null;
  return (
    <span className="dg-evidence muted">
      依据：
      {evidence.map((e, i) =>
        exists && !exists.has(`${e.kind}:${e.id}`) ? (
          <span key={i} className="dg-gone" title="该记录已不存在">
            {EVIDENCE_LABELS[e.kind]} #{e.id}
          </span>
        ) : (
          <Link key={i} href={e.href} data-evidence={`${e.kind}:${e.id}`}>
            {EVIDENCE_LABELS[e.kind]} #{e.id}
          </Link>
        ),
      )}
      {more > 0 ? <span>等，另 {more} 条</span> : null}
    </span>
  );
}

function StatementLine({ s, exists }: { s: Statement; exists: ReadonlySet<string> | null }) {
  return (
    <p className="dg-statement">
      {s.text}
      <EvidenceLinks evidence={s.evidence} more={s.more} exists={exists} />
    </p>
  );
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export function DigestBody({ content, exists }: { content: DigestContent; exists: ReadonlySet<string> | null }) {
  const max = Math.max(1, ...(content.volume ?? []).map((v) => v.count));
  return (
    <div className="dg-body">
      {content.abstract ? (
        <section aria-labelledby="dg-abstract">
          <h2 id="dg-abstract">核心摘要</h2>
          <StatementLine s={content.abstract} exists={exists} />
        </section>
      ) : null}
      {content.sections.map((s, i) => (
        <section key={s.key} aria-labelledby={`dg-${s.key}`}>
          <h2 id={`dg-${s.key}`}>
            {NUMERALS[i] ?? i + 1}、{s.heading}
          </h2>
          {s.statements.map((st, k) => (
            <StatementLine key={k} s={st} exists={exists} />
          ))}
          {s.table && s.table.rows.length ? (
            <table className="table">
              <thead>
                <tr>
                  {s.table.header.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                  <th scope="col">依据</th>
                </tr>
              </thead>
              <tbody>
                {s.table.rows.map((r, k) => (
                  <tr key={k}>
                    {r.cells.map((c, j) => (
                      <td key={j}>{c}</td>
                    ))}
                    <td>
                      <EvidenceLinks evidence={r.evidence} more={0} exists={exists} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {s.key === 'spread' && content.volume && content.volume.length ? (
            <figure>
              <figcaption>声量走势（{content.volume.length} 个时段，共 {content.volume.reduce((a, b) => a + b.count, 0)} 条）</figcaption>
              <div className="dg-volume" role="img" aria-label={`声量走势：${content.volume.map((v) => v.count).join('、')}`}>
                {content.volume.map((v) => (
                  <span key={v.at} style={{ height: `${(v.count / max) * 100}%` }} title={`${v.at}：${v.count} 条`} />
                ))}
              </div>
            </figure>
          ) : null}
        </section>
      ))}
      {content.attachments.length ? (
        <section aria-labelledby="dg-attachments">
          <h2 id="dg-attachments">附件</h2>
          <ol>
            {content.attachments.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
