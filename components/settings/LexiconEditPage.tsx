import type { LexiconEntryKind } from '@/lib/analysis/lexicon';
import type { AnalysisStatus, LexiconEntryRow } from '@/lib/db';
import { formatDateTime } from '@/lib/format/zh';
import { actorLabel } from '@/lib/settings/actor';
import { LEXICON_KIND_HELP, LEXICON_KIND_LABELS, accidentTypeOptions, termLabel } from '@/lib/settings/lexicon-form';
import { JobProgress } from './JobProgress';
import { LexiconEntryForm } from './LexiconEntryForm';
import { OriginTags } from './LexiconPage';

export function LexiconEditPage({ entry, status }: { entry: LexiconEntryRow; status: AnalysisStatus }) {
  const kind = entry.kind as LexiconEntryKind;
  return (
    <div className="settings">
      <p className="small">
        <a href={`/settings/lexicon?kind=${encodeURIComponent(entry.kind)}`}>← 返回{LEXICON_KIND_LABELS[kind] ?? '词典'}</a>
      </p>
      <div className="page-head">
        <h1>
          编辑{LEXICON_KIND_LABELS[kind] ?? '词条'}「{termLabel(entry.term)}」
        </h1>
        <OriginTags origin={entry.origin} userEdited={entry.userEdited} enabled={entry.enabled} />
        {(entry.userEdited || entry.origin === 'user') && (
          <span className="muted small">
            最近修改 {formatDateTime(entry.updatedAt)} · {actorLabel(entry.updatedBy)}
          </span>
        )}
      </div>
      <p className="field-help">{LEXICON_KIND_HELP[kind]}</p>
      <div className="columns">
        <section className="card" aria-labelledby="edit-entry-h">
          <h2 id="edit-entry-h">词条</h2>
          <LexiconEntryForm
            entry={{ id: entry.id, kind, term: entry.term, category: entry.category, weight: entry.weight, enabled: entry.enabled, note: entry.note }}
            defaultKind={kind}
            accidentOptions={accidentTypeOptions()}
          />
          <p className="field-help">词条本身不能改名；要换一个词，请新增它并停用这一条。</p>
        </section>
        <JobProgress status={status} />
      </div>
    </div>
  );
}
