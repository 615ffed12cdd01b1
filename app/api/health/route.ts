import { connection } from 'next/server';
import { db, getHealth } from '@/lib/db';

// GET /api/health – database, worker and source-health status (503 when the database is down)
export async function GET(): Promise<Response> {
  await connection();
  const health = await getHealth(db(), new Date());
  return Response.json(health, {
    status: health.status === 'down' ? 503 : 200,
    headers: { 'Cache-Control': 'no-store' },
  });
}
