import { Fragment } from 'react';
import { cueRanges, cueReason, cueTone } from '@/lib/search/explain';
import type { StoredCue } from '@/lib/search/explain';
import { markRanges } from '@/lib/search/highlight';

/**
 * A title or text with every sentiment cue of that field marked by its stored offsets, numbered as
 * in the legend. Offsets that do not fit the text are skipped (markRanges), never trusted.
 */
export function CueText({ text, cues, field }: { text: string; cues: readonly StoredCue[]; field: 'title' | 'text' }) {
  const pieces = markRanges(text, cueRanges(cues, field));
  return (
    <>
      {pieces.map((p, i) =>
        p.mark ? (
          <mark key={i} className={`cue ${cueTone(p.mark.cue)}`} title={cueReason(p.mark.cue)}>
            {p.text}
            <sup aria-label={`线索 ${p.mark.index + 1}`}>{p.mark.index + 1}</sup>
          </mark>
        ) : (
          <Fragment key={i}>{p.text}</Fragment>
        ),
      )}
    </>
  );
}
