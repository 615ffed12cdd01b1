// Shown while a 信源 page is being read from the database.
export default function Loading() {
  return (
    <p className="empty" role="status">
      正在加载信源…
    </p>
  );
}
