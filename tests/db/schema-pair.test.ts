/**
 * The PostgreSQL schema is generated from the SQLite one and must stay so (STYLE rule 10,
 * docs/scale-out-design.md §2). Runs without PostgreSQL.
 */
import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { PG_SCHEMA, SQLITE_SCHEMA, normalisedModel, toPostgresSchema } from '@/scripts/gen-pg-schema';

const sqlite = fs.readFileSync(SQLITE_SCHEMA, 'utf8');
const pg = fs.readFileSync(PG_SCHEMA, 'utf8');

function models(schema: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of normalisedModel(schema).matchAll(/^model (\w+) \{\n([\s\S]*?)\n\}/gm)) out.set(m[1] ?? '', m[2] ?? '');
  return out;
}

describe('prisma/postgresql/schema.prisma', () => {
  test('is exactly what the generator makes of the SQLite schema (npm run db:schemas)', () => {
    expect(pg).toBe(toPostgresSchema(sqlite));
  });

  test('has the same models, field by field, once provider, output, native types and comments are set aside', () => {
    const a = models(sqlite);
    const b = models(pg);
    expect(a.size).toBeGreaterThan(40);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, body] of a) expect({ name, body: b.get(name) }).toEqual({ name, body });
    expect(normalisedModel(pg)).toBe(normalisedModel(sqlite));
  });

  test('differs only in provider, output and Timestamptz on DateTime fields', () => {
    expect(pg).toMatch(/provider\s*=\s*"postgresql"/);
    expect(pg).toMatch(/output\s*=\s*"\.\.\/\.\.\/lib\/db\/generated-pg"/);
    const dateTimes = sqlite.split('\n').filter((l) => /^\s+\w+\s+DateTime\??(\s|$)/.test(l)).length;
    expect(pg.match(/@db\.Timestamptz\(3\)/g)?.length).toBe(dateTimes);
    expect(pg).not.toMatch(/@db\.(?!Timestamptz\(3\))/);
  });

  test('a hand edit of the PostgreSQL schema is caught by both checks', () => {
    const tampered = pg.replace(/(intervalMinutes\s+Int\s+@default\()30\)/, '$160)');
    expect(tampered).not.toBe(pg);
    expect(tampered).not.toBe(toPostgresSchema(sqlite));
    expect(normalisedModel(tampered)).not.toBe(normalisedModel(sqlite));
  });
});

describe('migration folders', () => {
  const names = (dir: string) => fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  test('every SQLite migration after the PostgreSQL baseline has a PostgreSQL twin of the same name, and back', () => {
    const lite = names('prisma/sqlite/migrations');
    const pgDirs = names('prisma/postgresql/migrations');
    const baseline = pgDirs[0] ?? '';
    expect(baseline).toMatch(/^\d{14}_postgresql_baseline$/);
    expect(lite.filter((n) => n > baseline)).toEqual(pgDirs.slice(1));
    expect(lite.every((n) => n < baseline || pgDirs.includes(n))).toBe(true);
    expect(fs.readFileSync('prisma/postgresql/migrations/migration_lock.toml', 'utf8')).toMatch(/provider = "postgresql"/);
  });
});
