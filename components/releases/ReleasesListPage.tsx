/**
 * 发布: releases by state (草稿 … 已撤回) with their event, kind, drafter and last change, and the
 * way to start a draft without an event.
 */
import Link from 'next/link';
import type { ReleaseList } from '@/lib/db';
import { formatDateTime } from '@/lib/format/zh';
import type { ReleaseListQuery } from '@/lib/releases/forms';
import { RELEASE_KIND_LABELS } from '@/lib/releases/kinds';
import { RELEASE_STATE_LABELS, RELEASE_STATES } from '@/lib/releases/workflow';
import { StatePill } from './bits';
import './releases.css';

export function ReleasesListPage({ list, query, ignored, canDraft }: { list: ReleaseList; query: ReleaseListQuery; ignored: string[]; canDraft: boolean }) {
  const total = RELEASE_STATES.reduce((n, s) => n + list.counts[s], 0);
  return (
    <div className="rl-page">
      <div className="page-head">
        <h1>信息发布</h1>
        <p className="muted">
          共 {total} 篇；待保密审查 {list.counts.in_review} 篇，待签发 {list.counts.cleared} 篇，待发布 {list.counts.approved} 篇
        </p>
        {canDraft ? (
          <Link className="rl-button" href="/releases/new">
            起草发布稿
          </Link>
        ) : null}
        <Link href="/public/releases">查看公开页面</Link>
      </div>
      {ignored.length > 0 ? (
        <p className="banner rl-ignored" role="note">
          已忽略无效的筛选条件：{ignored.join('、')}
        </p>
      ) : null}
      <nav aria-label="按状态筛选" className="rl-tabs">
        <ul>
          <li>
            <Link href="/releases" aria-current={query.state === 'all' ? 'page' : undefined}>
              全部（{total}）
            </Link>
          </li>
          {RELEASE_STATES.map((s) => (
            <li key={s}>
              <Link href={`/releases?state=${s}`} aria-current={query.state === s ? 'page' : undefined}>
                {RELEASE_STATE_LABELS[s]}（{list.counts[s]}）
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {list.rows.length === 0 ? (
        <p className="empty">{query.state === 'all' ? '还没有发布稿。可从事件页面或上方“起草发布稿”开始。' : `没有${RELEASE_STATE_LABELS[query.state]}的发布稿。`}</p>
      ) : (
        <div className="card rl-table-wrap">
          <table className="table rl-list">
            <caption className="rl-caption">按最近更新排序{list.truncated ? '（仅显示最近 500 篇）' : ''}</caption>
            <thead>
              <tr>
                <th scope="col">标题</th>
                <th scope="col">状态</th>
                <th scope="col">类型</th>
                <th scope="col">事件</th>
                <th scope="col">起草人</th>
                <th scope="col">更新时间</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((r) => (
                <tr key={r.id} data-id={r.id}>
                  <td className="rl-title">
                    <Link href={`/releases/${r.id}`}>{r.title}</Link>
                  </td>
                  <td>
                    <StatePill state={r.state} />
                  </td>
                  <td className="nowrap">{RELEASE_KIND_LABELS[r.kind]}</td>
                  <td className="rl-title">{r.eventId !== null ? <Link href={`/events/${r.eventId}`}>{r.eventTitle ?? `事件 #${r.eventId}`}</Link> : <span className="muted">无关联事件</span>}</td>
                  <td>{r.createdByName}</td>
                  <td className="nowrap">{formatDateTime(r.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
