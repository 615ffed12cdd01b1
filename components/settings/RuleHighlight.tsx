import { splitAtError } from '@/lib/settings/topic-form';

/** The rule as typed, with the character where the parser stopped marked (a ▲ when it is the end). */
export function RuleHighlight({ rule, position, id }: { rule: string; position: number; id?: string }) {
  const { before, at, after } = splitAtError(rule, position);
  return (
    <pre className="rule-highlight" id={id} data-testid="rule-highlight">
      {before}
      {at && !/^\s$/.test(at) ? (
        <mark>{at}</mark>
      ) : (
        <mark className="end" title="此处">
          ▲
        </mark>
      )}
      {at && /^\s$/.test(at) ? at : null}
      {after}
    </pre>
  );
}
