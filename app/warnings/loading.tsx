// Shown while the 预警 page is being read from the database.
export default function Loading() {
  return (
    <p className="empty" role="status">
      正在加载预警…
    </p>
  );
}
