'use client';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** Re-renders the server page every few seconds while a background job runs, then stops. */
export function RefreshWhileRunning({ active, seconds = 3 }: { active: boolean; seconds?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(t);
  }, [active, seconds, router]);
  if (!active) return null;
  return (
    <p className="muted small" aria-live="polite">
      任务进行中，本页每 {seconds} 秒自动刷新进度。
    </p>
  );
}
