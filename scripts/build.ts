/**
 * Builds the web app when its sources changed since the last build (a stamp of their hash is kept
 * in .next/). Runs at `npm install` time, so the first `npm start` serves at once, and again from
 * `npm start` in case the checkout changed since.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.cwd();
const STAMP = path.join(root, '.next', 'som-build-stamp');
const INPUTS = ['app', 'components', 'lib', 'next.config.js', 'package-lock.json', 'tsconfig.json'];

/** Hash of everything the web build depends on. */
export function sourceHash(): string {
  const h = createHash('sha256');
  const walk = (p: string): void => {
    if (!fs.existsSync(p)) return;
    if (fs.statSync(p).isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name));
    } else {
      h.update(path.relative(root, p));
      h.update(fs.readFileSync(p));
    }
  };
  for (const input of INPUTS) walk(path.join(root, input));
  return h.digest('hex');
}

export function buildIsCurrent(): boolean {
  return (
    fs.existsSync(path.join(root, '.next', 'BUILD_ID')) &&
    fs.existsSync(STAMP) &&
    fs.readFileSync(STAMP, 'utf8') === sourceHash()
  );
}

/**
 * Builds if needed. `onChild` receives the build process so a supervisor can stop it on a signal.
 * Resolves false when the build was already current.
 */
export async function buildIfNeeded(onChild?: (c: ChildProcess) => void): Promise<boolean> {
  if (buildIsCurrent()) return false;
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
  const child = spawn(process.execPath, [nextBin, 'build'], { stdio: 'inherit', env: process.env });
  onChild?.(child);
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  if (code !== 0) throw new Error(`网页构建失败 (next build exited ${code})`);
  // Hashed after the build: Next may rewrite an input (tsconfig.json) while building.
  fs.writeFileSync(STAMP, sourceHash());
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildIfNeeded().then(
    (built) => {
      process.stdout.write(built ? '网页已构建 (web app built)\n' : '网页已是最新，无需构建 (web app up to date)\n');
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
