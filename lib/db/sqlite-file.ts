import fs from 'node:fs';
import path from 'node:path';

/** `file:./data/app.db` → absolute path, creating the parent folder (first start). */
export function sqliteFileFromUrl(url: string, root = process.cwd()): string {
  if (!url.startsWith('file:')) throw new Error('不是 SQLite 地址 (DATABASE_URL 应以 file: 开头)');
  const raw = url.slice('file:'.length).split('?')[0] ?? '';
  if (raw === ':memory:') return raw;
  const file = path.isAbsolute(raw) ? raw : path.resolve(root, raw);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return file;
}
