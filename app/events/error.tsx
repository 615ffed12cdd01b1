'use client';

// Error boundary for /events and /events/:id: a failed query says so in Chinese and offers a retry.
export default function EventsError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && 'digest' in error && typeof error.digest === 'string' ? error.digest : null;
  return (
    <section className="card" role="alert">
      <h1>事件数据加载失败</h1>
      <p>数据库暂时不可用或查询出错。请稍后重试；如果持续出现，请联系管理员查看服务器日志{digest ? `（编号 ${digest}）` : ''}。</p>
      <button type="button" onClick={() => retry()}>
        重试
      </button>
    </section>
  );
}
