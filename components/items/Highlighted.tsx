import { Fragment } from 'react';
import { highlightWords } from '@/lib/search/highlight';

/** Text with the search words marked; built from text pieces as React elements (never HTML). */
export function Highlighted({ text, words }: { text: string; words: readonly string[] }) {
  if (words.length === 0) return <>{text}</>;
  return (
    <>
      {highlightWords(text, words).map((p, i) =>
        p.mark !== undefined ? (
          <mark key={i} className="hit">
            {p.text}
          </mark>
        ) : (
          <Fragment key={i}>{p.text}</Fragment>
        ),
      )}
    </>
  );
}
