/** Seeds the database lexicon from the team's files (idempotent; user edits are kept). */
import { DEFAULT_TYPE_CUES } from '@/lib/analysis/accident';
import { DEFAULT_LEXICON, lexiconSeedEntries } from '@/lib/analysis/lexicon';
import type { LexiconEntryData } from '@/lib/analysis/lexicon';
import { DEMO_PLACES } from '@/demo/feeds';
import { seedLexicon } from '@/lib/db';
import type { Db, SeedResult } from '@/lib/db';

/** The demo's fictional region as place rows, so its reports group by place like real ones. */
function demoPlaceEntries(): LexiconEntryData[] {
  return DEMO_PLACES.map((p) => ({
    kind: 'place',
    term: p.name,
    category: p.city ? `${p.province}/${p.city}` : p.province,
    weight: 0,
    enabled: true,
  }));
}

export async function seedAnalysisLexicon(client: Db, opts: { demo?: boolean } = {}): Promise<SeedResult> {
  const seed = lexiconSeedEntries(DEFAULT_LEXICON, DEFAULT_TYPE_CUES);
  return seedLexicon(client, opts.demo ? [...seed, ...demoPlaceEntries()] : seed);
}
