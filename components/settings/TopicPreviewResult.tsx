import { formatDateTime } from '@/lib/format/zh';
import { markedParts } from '@/lib/settings/marks';
import type { TopicPreview } from '@/lib/settings/topic-preview';

/** 试运行 result: the count over the window and the first matching items, hits marked in titles. */
export function TopicPreviewResult({ preview, heading = '试运行结果', collapsed = false }: { preview: TopicPreview; heading?: string; collapsed?: boolean }) {
  return (
    <section className="preview" aria-label={heading} data-testid="topic-preview">
      <p>
        <strong>{heading}：</strong>近 {preview.days} 天已入库的 {preview.scanned} 条信息中，命中{' '}
        <strong data-testid="preview-count">{preview.matched}</strong> 条
        {preview.truncated && `（信息较多，只检查了最新的 ${preview.scanned} 条）`}。
      </p>
      {preview.matched === 0 ? (
        <p className="empty">没有命中的信息。可以放宽条件（少用 AND、NOT），或换用同义词（OR）。</p>
      ) : (
        <SampleList preview={preview} collapsed={collapsed} />
      )}
    </section>
  );
}

function SampleList({ preview, collapsed }: { preview: TopicPreview; collapsed: boolean }) {
  const caption = preview.samples.length < preview.matched ? `最新的 ${preview.samples.length} 条命中信息` : '命中的信息';
  const list = (
    <ol>
      {preview.samples.map((s) => (
        <li key={s.id}>
          <span className="muted small">{formatDateTime(s.sortAt)}</span>{' '}
          {markedParts(s.title || '（无标题）', s.titleHits).map((p, i) =>
            p.hit ? (
              <mark className="hit" key={i}>
                {p.text}
              </mark>
            ) : (
              <span key={i}>{p.text}</span>
            ),
          )}{' '}
          <span className="muted small">命中词：{s.terms.join('、')}</span>
        </li>
      ))}
    </ol>
  );
  if (collapsed) {
    return (
      <details>
        <summary>查看{caption}</summary>
        {list}
      </details>
    );
  }
  return (
    <>
      <p className="muted small">{caption}：</p>
      {list}
    </>
  );
}
