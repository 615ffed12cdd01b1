'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

/** Re-renders the server page every `seconds` so a duty-room screen stays current. */
export function AutoRefresh({ seconds = 30 }: { seconds?: number }) {
  const router = useRouter();
  const [on, setOn] = useState(true);
  useEffect(() => {
    if (!on) return;
    const t = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(t);
  }, [on, seconds, router]);
  return (
    <label className="autorefresh">
      <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} /> 每 {seconds} 秒自动刷新
    </label>
  );
}
