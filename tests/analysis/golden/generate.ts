/**
 * Writes analysis-golden.json from the current lib/analysis: run it BEFORE a change that must not
 * alter results (a speed-up), commit the file, then tests/analysis/analysis-golden.test.ts checks
 * the changed code against it.
 *
 *   npx tsx tests/analysis/golden/generate.ts
 */
import { writeFileSync } from 'node:fs';
import { GOLDEN_FILE, analyseGolden, fixturesPresent, goldenInputs, serializeGolden } from './corpus';

if (!fixturesPresent()) throw new Error('../shared/fixtures is missing: the golden file needs the fixture corpus');
const records = analyseGolden(goldenInputs());
writeFileSync(GOLDEN_FILE, serializeGolden(records));
process.stdout.write(`${records.length} records → ${GOLDEN_FILE}\n`);
