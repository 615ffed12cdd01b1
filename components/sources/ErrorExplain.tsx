import { formatDateTime } from '@/lib/format/zh';
import { crawlErrorHelp } from './error-help';

/**
 * A crawl error for a press officer: what happened and what to do, with the crawler's raw message
 * folded away for whoever maintains the source. All text is rendered escaped (messages can quote
 * crawled content).
 */
export function ErrorExplain({ code, message, at }: { code: string | null; message: string | null; at?: Date | null }) {
  const help = crawlErrorHelp(code);
  if (!help && !message) return <span className="muted">—</span>;
  return (
    <div>
      {help && <div className="err-what">{help.what}</div>}
      {help && <div className="err-todo">{help.todo}</div>}
      <details className="err-raw">
        <summary>原始信息</summary>
        {code && <code>{code}</code>}
        {message ?? ''}
        {at ? <span className="muted">（{formatDateTime(at)}）</span> : null}
      </details>
    </div>
  );
}
