'use client';

/** A settings page that failed to load (the database busy or unreachable): say so, offer a retry. */
export default function SettingsError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="settings" role="alert">
      <h1>设置页面暂时无法显示</h1>
      <p className="empty">读取数据时出错，可能是数据库正忙。已保存的设置不受影响。</p>
      <button type="button" className="btn primary" onClick={() => reset()}>
        重试
      </button>
    </div>
  );
}
