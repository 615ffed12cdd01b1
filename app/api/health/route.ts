import { connection } from 'next/server';
import { hasPermission } from '@/lib/auth/dal';
import { db, getHealth, publicHealth } from '@/lib/db';

// GET /api/health – database, worker and source-health status (503 when the database is down).
// Public for monitoring probes; open alerts and system events only for signed-in monitoring staff.
export async function GET(): Promise<Response> {
  await connection();
  const health = await getHealth(db(), new Date());
  const body = (await hasPermission('monitor.read')) ? health : publicHealth(health);
  return Response.json(body, {
    status: health.status === 'down' ? 503 : 200,
    headers: { 'Cache-Control': 'no-store' },
  });
}
