/** Locates ../shared/fixtures (beside the repo clone) for the parser suites; they skip when it is absent. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');
export const HAVE_FIXTURES = fs.existsSync(FIXTURES);
/** Used as a test name, so a skipped suite says why in the reporter output. */
export const SKIP_NOTE = `shared fixtures not found at ${FIXTURES}: fixture suites skipped`;

export function listFixtures(dir: string): string[] {
  const full = path.join(FIXTURES, dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full)
    .filter((f) => fs.statSync(path.join(full, f)).isFile())
    .sort();
}

export function readFixture(rel: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, rel));
}

/** Han ideographs (CJK Unified + Ext A). */
export const CJK = /[\u3400-\u4dbf\u4e00-\u9fff]/;
