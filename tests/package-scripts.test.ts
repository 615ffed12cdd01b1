/** Every npm script that names a file points at one that exists (STYLE: no dead scripts). */
import fs from 'node:fs';
import { expect, test } from 'vitest';

test('package.json scripts reference existing files', () => {
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
  const missing: string[] = [];
  for (const [name, cmd] of Object.entries(pkg.scripts)) {
    for (const m of cmd.matchAll(/(?:^|\s)((?:\.\/)?(?:scripts|crawlers|bench|lib|tests)\/[\w./-]+\.(?:ts|mjs|js))/g)) {
      if (m[1] && !fs.existsSync(m[1])) missing.push(`${name}: ${m[1]}`);
    }
    for (const m of cmd.matchAll(/--config\s+(\S+)/g)) if (m[1] && !fs.existsSync(m[1])) missing.push(`${name}: ${m[1]}`);
  }
  expect(missing).toEqual([]);
  expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(['start', 'test', 'worker', 'crawl', 'db', 'bench', 'lint', 'typecheck']));
});
