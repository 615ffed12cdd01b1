// Shown with HTTP 403 when the DAL refuses a permission (forbidden()); the refusal is in the audit log.
export default function Forbidden() {
  return (
    <div className="card">
      <h1>没有权限</h1>
      <p>您的账号没有访问此页面或执行此操作的权限。本次访问已记入审计日志。</p>
      <p>如确需使用，请联系安全管理员分配相应角色。</p>
      <p>
        <a href="/account">我的账号</a>
      </p>
    </div>
  );
}
