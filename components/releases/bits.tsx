/** Small pieces the 发布 pages share: the state pill and the text with the check findings marked. */
import type { ReactNode } from 'react';
import type { Finding } from '@/lib/releases/checks';
import { RELEASE_STATE_LABELS } from '@/lib/releases/workflow';
import type { ReleaseState } from '@/lib/releases/workflow';

export function StatePill({ state }: { state: ReleaseState }) {
  return (
    <span className={`pill rl-state ${state}`} data-state={state}>
      {RELEASE_STATE_LABELS[state]}
    </span>
  );
}

interface Span {
  start: number;
  end: number;
  severity: 'block' | 'warn';
}

/** Non-overlapping marked spans (a blocking finding wins where two overlap). */
function spansOf(findings: readonly Finding[], length: number): Span[] {
  const marks = new Array<0 | 1 | 2>(length).fill(0);
  for (const f of findings) {
    const level = f.severity === 'block' ? 2 : 1;
    for (const o of f.offsets) {
      for (let i = Math.max(0, o.start); i < Math.min(length, o.end); i++) if ((marks[i] ?? 0) < level) marks[i] = level;
    }
  }
  const out: Span[] = [];
  let i = 0;
  while (i < length) {
    const level = marks[i] ?? 0;
    if (level === 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < length && marks[j] === level) j++;
    out.push({ start: i, end: j, severity: level === 2 ? 'block' : 'warn' });
    i = j;
  }
  return out;
}

/** The text as React text, with the findings' spans in <mark> (须修改 red, 提示 yellow). */
export function MarkedText({ text, findings, id }: { text: string; findings: readonly Finding[]; id?: string }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const s of spansOf(findings, text.length)) {
    if (s.start > at) parts.push(text.slice(at, s.start));
    parts.push(
      <mark key={s.start} className={`rl-mark ${s.severity}`}>
        {text.slice(s.start, s.end)}
      </mark>,
    );
    at = s.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return (
    <div className="rl-text" id={id}>
      {parts}
    </div>
  );
}
