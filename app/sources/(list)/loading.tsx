// In the (list) route group so it wraps the list only: a loading boundary above the [id] pages would
// start streaming before they could answer 404 for an unknown id.
// Shown while a 信源 page is being read from the database.
export default function Loading() {
  return (
    <p className="empty" role="status">
      正在加载信源…
    </p>
  );
}
