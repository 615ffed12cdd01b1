import { auditContextOf, guardRoute } from '@/lib/auth/dal';
import { auditDigestExport, db } from '@/lib/db';
import { digestDocument } from '@/lib/digest/document';
import { loadDigest } from '@/lib/digest/load';
import { DIGEST_KIND_LABELS } from '@/lib/digest/model';
import { DOCX_CONTENT_TYPE, writeDocx } from '@/lib/docx/writer';

// GET /digests/:id/docx – the digest as a .docx (GB/T 9704 briefing layout); audited as digest.export
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const g = await guardRoute('monitor.read');
  if ('response' in g) return g.response;
  const client = db();
  const d = await loadDigest(client, (await params).id);
  if (!d) return Response.json({ error: { code: 'not_found', message: '日报不存在', status: 404 } }, { status: 404 });
  const body = writeDocx(digestDocument(d.content, d.row));
  await auditDigestExport(client, d.row.id, 'docx', auditContextOf(g.actor, request.headers));
  const name = `${DIGEST_KIND_LABELS[d.content.kind]}-${d.row.year}-${d.row.seq}.docx`;
  return new Response(new Uint8Array(body), {
    headers: {
      'content-type': DOCX_CONTENT_TYPE,
      'content-disposition': `attachment; filename="digest-${d.row.year}-${d.row.seq}.docx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'no-store',
    },
  });
}
