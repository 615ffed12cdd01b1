export default function NotFound() {
  return (
    <div className="card">
      <h1>页面不存在</h1>
      <p>要找的页面或记录不存在，可能已被删除或地址有误。</p>
      <p>
        <a href="/">返回态势总览</a>
      </p>
    </div>
  );
}
