/** Child process of concurrency.test.ts: appends N audit rows to the database at DATABASE_URL. */
import { appendAudit, createDb } from '@/lib/db';

async function main(): Promise<void> {
  const [url, name, n] = [process.env.DATABASE_URL ?? '', process.argv[2] ?? 'p', Number(process.argv[3] ?? '200')];
  const client = createDb(url);
  for (let i = 0; i < n; i += 1) {
    await appendAudit(client, { actor: `cli:${name}` }, { action: 'audit.query', objectType: 'test', objectId: `${name}-${i}` });
  }
  await client.$disconnect();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
