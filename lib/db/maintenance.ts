/** Repairs and bulk operations an operator (or a benchmark) runs over a whole time span. */
import type { Db } from './client';
import { recomputeHourlyRollups, takeWriteLock } from './dialect';

const HOUR = 3_600_000;
/** Hours per transaction: long enough to be quick, short enough not to hold the writer lock long. */
const HOURS_PER_TRANSACTION = 240;

/** Recomputes the hourly rollups of every hour in [from, to), one bounded transaction at a time. */
export async function rebuildHourlyRollups(client: Db, from: Date, to: Date): Promise<number> {
  const hours: Date[] = [];
  for (let h = Math.floor(from.getTime() / HOUR) * HOUR; h < to.getTime(); h += HOUR) hours.push(new Date(h));
  for (let i = 0; i < hours.length; i += HOURS_PER_TRANSACTION) {
    const slice = hours.slice(i, i + HOURS_PER_TRANSACTION);
    // eslint-disable-next-line no-await-in-loop -- one writer: transactions run one after another
    await client.$transaction(
      async (tx) => {
        await takeWriteLock(tx);
        await recomputeHourlyRollups(tx, slice);
      },
      { timeout: 600_000 },
    );
  }
  return hours.length;
}
