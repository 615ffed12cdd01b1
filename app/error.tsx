'use client';

// A page failed on the server. The details stay in the server log: no stack trace reaches the browser.
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="card" role="alert">
      <h1>页面暂时无法显示</h1>
      <p>读取数据时出错，请稍后重试。如果问题持续，请联系系统管理员{error.digest ? `，并提供错误编号 ${error.digest}` : ''}。</p>
      <p>
        <button type="button" onClick={reset}>
          重试
        </button>{' '}
        <a href="/">返回态势总览</a>
      </p>
    </div>
  );
}
