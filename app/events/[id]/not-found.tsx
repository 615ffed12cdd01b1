import '@/components/events/events.css';

// 404 for /events/:id – an unknown or malformed event id
export default function NotFound() {
  return (
    <section className="card not-found" aria-labelledby="nf-h">
      <h1 id="nf-h">找不到这个事件</h1>
      <p>事件编号不存在或格式不正确。事件可能已因重新分析与其他事件合并。</p>
      <p>
        <a href="/events">返回事件列表</a>
      </p>
    </section>
  );
}
