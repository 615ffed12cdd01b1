/**
 * TESTPLAN S1/S3: every page, layout, route handler and server action checks the signed-in person's
 * permission itself (the DAL), whatever proxy.ts does. This walks the source: each exported entry
 * point must START with a guard call, or be on the short public list below with its reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

/** Entry points anyone may reach, and why. Keep this list short and reviewed. */
const PUBLIC: Readonly<Record<string, string>> = {
  'app/api/health/route.ts#GET': 'monitoring probe; the full view needs monitor.read (hasPermission)',
  'app/layout.tsx#RootLayout': 'renders the top bar only; shows links by role, gates nothing',
  'app/login/page.tsx#LoginPage': 'the sign-in page itself',
  'app/login/totp/page.tsx#TotpLoginPage': 'second sign-in step: needs a pending (password-checked) session, checked inside',
  'app/login/actions.ts#loginAction': 'the sign-in itself (throttled, locked out, audited)',
  'app/login/actions.ts#demoLoginAction': 'demo accounts; refused unless DEMO_MODE is on and the account is a demo account',
  'app/login/actions.ts#totpAction': 'second sign-in step; refused without a pending session',
  'app/login/actions.ts#cancelTotpAction': 'abandons a pending sign-in (deletes the pending session only)',
  'app/public/releases/page.tsx#Page': 'public release list: published (and withdrawn, marked) releases only, public fields only (getPublicRelease/listPublicReleases)',
  'app/public/releases/[id]/page.tsx#Page': 'one public release; unknown or never-published ids are a real 404',
  'app/public/releases/[id]/page.tsx#generateMetadata': 'the public release title for the page head, same query as the page',
  'app/public/releases/rss.xml/route.ts#GET': 'public RSS 2.0 feed of published releases (website-first channel, DOMAIN §7)',
}

/** Route segment config exports: values Next reads, not entry points. */
const ROUTE_CONFIG = new Set(['dynamic', 'dynamicParams', 'revalidate', 'fetchCache', 'runtime', 'preferredRegion', 'maxDuration']);

/** Calls that count as a guard when they are the first thing an entry point awaits. */
const GUARDS = ['requirePermission', 'requireUser', 'guardRoute'];

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|tsx)$/.test(e.name)) out.push(p);
  }
  return out;
}

interface EntryPoint {
  file: string;
  name: string;
  guarded: boolean;
}

/** The name of the function a statement awaits first, if it is `[const x =] await f(…)` or `return f(…)`. */
function awaitedCall(stmt: ts.Statement): string | null {
  let expr: ts.Expression | undefined;
  if (ts.isExpressionStatement(stmt)) expr = stmt.expression;
  else if (ts.isVariableStatement(stmt)) expr = stmt.declarationList.declarations[0]?.initializer;
  else if (ts.isIfStatement(stmt)) expr = stmt.expression;
  if (!expr) return null;
  if (ts.isAwaitExpression(expr)) expr = expr.expression;
  if (ts.isCallExpression(expr) && ts.isIdentifier(expr.expression)) return expr.expression.text;
  return null;
}

function bodyOf(node: ts.Node): ts.Block | undefined {
  if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node)) {
    return node.body && ts.isBlock(node.body) ? node.body : undefined;
  }
  return undefined;
}

/** Local helpers whose own first statement is a guard (e.g. settingsActor()). */
function localGuards(sf: ts.SourceFile): Set<string> {
  const names = new Set(GUARDS);
  let grew = true;
  while (grew) {
    grew = false;
    sf.forEachChild((n) => {
      if (ts.isFunctionDeclaration(n) && n.name && !names.has(n.name.text)) {
        const first = n.body?.statements.find((s) => awaitedCall(s));
        const call = first ? awaitedCall(first) : null;
        const firstStmt = n.body?.statements[0];
        if (call && firstStmt && awaitedCall(firstStmt) === call && names.has(call)) {
          names.add(n.name.text);
          grew = true;
        } else if (firstStmt && ts.isReturnStatement(firstStmt) && firstStmt.expression) {
          // return actorAuditContext(await requirePermission(...))
          const text = firstStmt.expression.getText(sf);
          if (GUARDS.some((g) => text.includes(`await ${g}(`))) {
            names.add(n.name.text);
            grew = true;
          }
        }
      }
    });
  }
  return names;
}

function isGuarded(body: ts.Block | undefined, guards: Set<string>, sf: ts.SourceFile): boolean {
  const first = body?.statements[0];
  if (!first) return false;
  const call = awaitedCall(first);
  if (call && guards.has(call)) return true;
  // Nested first call, e.g. `const audit = await actorAuditContext(await requirePermission('x'))`.
  return [...guards].some((g) => first.getText(sf).startsWith(`const`) && first.getText(sf).includes(`await ${g}(`));
}

/** Exported functions that Next calls with a request: pages, layouts, route handlers, server actions. */
export function entryPoints(rel: string, source: string): EntryPoint[] {
  const sf = ts.createSourceFile(rel, source, ts.ScriptTarget.Latest, true, rel.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const base = path.basename(rel);
  const isServerActions = sf.statements[0] !== undefined && ts.isExpressionStatement(sf.statements[0]) && /^['"]use server['"]$/.test(sf.statements[0].expression.getText(sf));
  const isPage = /^(page|layout)\.tsx$/.test(base);
  const isRoute = base === 'route.ts';
  if (!isServerActions && !isPage && !isRoute) return [];
  const guards = localGuards(sf);
  const found: EntryPoint[] = [];
  sf.forEachChild((n) => {
    const exported = ts.canHaveModifiers(n) && ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) return;
    if (ts.isFunctionDeclaration(n) && n.name) {
      const name = n.name.text;
      const relevant =
        isServerActions ||
        (isPage && (ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) || name === 'generateMetadata')) ||
        (isRoute && /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(name));
      if (relevant) found.push({ file: rel, name, guarded: isGuarded(bodyOf(n), guards, sf) });
    } else if (ts.isVariableStatement(n)) {
      for (const d of n.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.initializer) continue;
        const fn = d.initializer;
        if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
          found.push({ file: rel, name: d.name.text, guarded: isGuarded(bodyOf(fn), guards, sf) });
        } else if (isServerActions || (isRoute && !ROUTE_CONFIG.has(d.name.text))) {
          // An exported non-function value from an action file or route (e.g. a re-export) is unguarded by construction.
          found.push({ file: rel, name: d.name.text, guarded: false });
        }
      }
    }
  });
  return found;
}

function allEntryPoints(): EntryPoint[] {
  const files = [...walk(path.join(ROOT, 'app')), ...walk(path.join(ROOT, 'components')), ...walk(path.join(ROOT, 'lib'))].filter(
    (f) => !f.includes(`${path.sep}generated${path.sep}`),
  );
  return files.flatMap((f) => entryPoints(path.relative(ROOT, f).split(path.sep).join('/'), fs.readFileSync(f, 'utf8')));
}

describe('every entry point checks permission first (DAL)', () => {
  const points = allEntryPoints();

  test('the walk finds the pages, routes and server actions it should', () => {
    const files = new Set(points.map((p) => p.file));
    for (const f of ['app/page.tsx', 'app/items/export/route.ts', 'app/settings/actions.ts', 'app/sources/actions.ts', 'components/events/alert-action.ts', 'app/audit/page.tsx']) {
      expect(files, f).toContain(f);
    }
    expect(points.length).toBeGreaterThan(40);
  });

  test('no unguarded entry point outside the public list', () => {
    const unguarded = points.filter((p) => !p.guarded && !(`${p.file}#${p.name}` in PUBLIC)).map((p) => `${p.file}#${p.name}`);
    expect(unguarded).toEqual([]);
  });

  test('every public-list entry still exists (no stale exemptions)', () => {
    const keys = new Set(points.map((p) => `${p.file}#${p.name}`));
    const stale = Object.keys(PUBLIC).filter((k) => !keys.has(k) && fs.existsSync(path.join(ROOT, k.split('#')[0]!)));
    expect(stale).toEqual([]);
  });
});

describe('the walker itself', () => {
  test('flags an action file whose export skips the guard, and a guard that is not first', () => {
    const src = `'use server';
import { requirePermission } from '@/lib/auth/dal';
export async function ok(fd: FormData) { await requirePermission('settings.manage'); return 1; }
export async function late(fd: FormData) { const x = fd.get('a'); await requirePermission('settings.manage'); return x; }
export async function none() { return 2; }
export const arrow = async () => { return 3; };`;
    const r = Object.fromEntries(entryPoints('app/x/actions.ts', src).map((p) => [p.name, p.guarded]));
    expect(r).toEqual({ ok: true, late: false, none: false, arrow: false });
  });

  test('accepts a local helper that guards first, and checks page default exports and route methods', () => {
    const page = `import { requirePermission } from '@/lib/auth/dal';
async function who() { const a = await requirePermission('monitor.read'); return a; }
export default async function Page() { await who(); return null; }
export async function generateMetadata() { return { title: 'x' }; }`;
    expect(entryPoints('app/y/page.tsx', page).map((p) => [p.name, p.guarded])).toEqual([
      ['Page', true],
      ['generateMetadata', false],
    ]);
    const route = `export async function GET() { return new Response('x'); }
export async function POST() { const g = await guardRoute('items.export'); return new Response('y'); }
export const dynamic = 'force-dynamic';`;
    expect(entryPoints('app/z/route.ts', route).map((p) => [p.name, p.guarded])).toEqual([
      ['GET', false],
      ['POST', true],
    ]);
  });
});
