/**
 * The public channel (no session): published releases only, with nothing else from the product. A
 * withdrawn release keeps its place and shows when and why it was withdrawn, never a silent 404
 * (DOMAIN §3.3 "严禁公开几天后又撤回").
 */
import Link from 'next/link';
import type { PublicRelease } from '@/lib/db';
import { RELEASE_KIND_GROUPS } from '@/lib/releases/kinds';
import { formatReleaseTime } from '@/lib/releases/templates';
import './releases.css';

export function PublicReleaseList({ releases }: { releases: PublicRelease[] }) {
  return (
    <div className="rl-public">
      <div className="page-head">
        <h1>信息发布</h1>
        <a href="/public/releases/rss.xml" type="application/rss+xml">
          RSS 订阅
        </a>
      </div>
      {releases.length === 0 ? (
        <p className="empty">暂无发布信息。</p>
      ) : (
        <ul className="rl-public-list">
          {releases.map((r) => (
            <li key={r.id} data-id={r.id} className={r.withdrawnAt ? 'withdrawn' : undefined}>
              <Link href={`/public/releases/${r.id}`}>{r.title}</Link>
              <span className="rl-public-meta">
                <span className="tag">{RELEASE_KIND_GROUPS[r.kind]}</span> <time dateTime={r.publishedAt.toISOString()}>{formatReleaseTime(r.publishedAt)}</time>
                {r.withdrawnAt ? <strong className="rl-withdrawn-tag">已撤回</strong> : null}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function PublicReleaseView({ release: r }: { release: PublicRelease }) {
  return (
    <article className="rl-public" aria-labelledby="public-title">
      <p className="rl-back">
        <Link href="/public/releases">« 信息发布</Link>
      </p>
      <h1 id="public-title">{r.title}</h1>
      <p className="rl-public-meta">
        <span className="tag">{RELEASE_KIND_GROUPS[r.kind]}</span> 发布时间：<time dateTime={r.publishedAt.toISOString()}>{formatReleaseTime(r.publishedAt)}</time>
      </p>
      {r.withdrawnAt ? (
        <div className="banner rl-withdrawn" role="note">
          <p>
            <strong>本信息已撤回。</strong>撤回时间：<time dateTime={r.withdrawnAt.toISOString()}>{formatReleaseTime(r.withdrawnAt)}</time>
          </p>
          <p>撤回原因：{r.withdrawReason ?? '未说明'}</p>
        </div>
      ) : (
        <div className="rl-public-body">
          {r.body.split('\n').map((line, i) => (line.trim() ? <p key={i}>{line}</p> : null))}
        </div>
      )}
    </article>
  );
}
