export default function NotFound() {
  return (
    <div className="settings">
      <h1>没有找到</h1>
      <p className="empty">没有这个专题或词条（可能已被删除）。</p>
      <p>
        <a href="/settings">返回设置</a>
      </p>
    </div>
  );
}
