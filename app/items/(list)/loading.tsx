// In the (list) route group so it wraps the list only: a loading boundary above the [id] pages would
// start streaming before they could answer 404 for an unknown id.
export default function Loading() {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      正在加载信息…
    </div>
  );
}
