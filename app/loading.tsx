// Shown while a page's data is loading (streamed before the page itself).
export default function Loading() {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      正在加载…
    </div>
  );
}
