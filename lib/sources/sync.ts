/** Puts the built-in sources (catalogue, demo) into the database at worker start. */
import { setSourcesEnabled, upsertSources } from '@/lib/db';
import type { Db } from '@/lib/db';
import { SourceListSchema } from './schema';
import type { SourceInput } from './schema';

export async function syncBuiltInSources(
  client: Db,
  o: {
    catalogue: SourceInput[] | null;
    demo: SourceInput[] | null;
    now: Date;
  },
): Promise<{ catalogue: number; demo: number }> {
  let catalogue = 0;
  let demo = 0;
  if (o.catalogue) {
    const list = SourceListSchema.parse(o.catalogue);
    await upsertSources(client, list, 'catalogue', o.now);
    catalogue = list.length;
  } else {
    // Catalogue switched off: stop polling what an earlier start loaded.
    await setSourcesEnabled(client, { origin: 'catalogue' }, false);
  }
  if (o.demo) {
    const list = SourceListSchema.parse(o.demo).map((s) => ({ ...s, demo: true }));
    await upsertSources(client, list, 'demo', o.now);
    demo = list.length;
  } else {
    // Demo switched off: keep what it stored (clearly marked), stop polling it.
    await setSourcesEnabled(client, { origin: 'demo' }, false);
  }
  return { catalogue, demo };
}
