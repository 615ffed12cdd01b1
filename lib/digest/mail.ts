/**
 * Sends a digest by email with the SMTP settings of an email NotificationChannel (lib/notify/channels),
 * as a plain-text body (statements with their evidence links) and the .docx attached. The result
 * follows lib/notify/send's contract: a Chinese error free of the SMTP password, retryable or not.
 */
import { CHANNEL_KIND_LABELS, channelConfigSchema, channelSecrets, scrubSecrets } from '@/lib/notify/channels';
import type { EmailChannel } from '@/lib/notify/channels';
import { sendSmtp } from '@/lib/notify/send';
import type { SendResult } from '@/lib/notify/send';
import { periodText } from './daily';
import { DIGEST_KIND_LABELS, issueText } from './model';
import type { DigestContent } from './model';

export interface DigestMail {
  subject: string;
  text: string;
  attachment: { filename: string; content: Buffer; contentType: string };
}

/** The email body: every statement with the dashboard links of its evidence. */
export function renderDigestMail(c: DigestContent, issue: { year: number; seq: number }, baseUrl: string, docx: Buffer, digestId: number): DigestMail {
  const lines: string[] = [`${DIGEST_KIND_LABELS[c.kind]} ${issueText(issue.year, issue.seq)}`, `编发单位：${c.issuer}`, `监测时段：${periodText(c)}`, ''];
  if (c.abstract) lines.push('核心摘要', c.abstract.text, '');
  const ref = (hrefs: string[]) => (hrefs.length ? `\n  依据：${hrefs.slice(0, 5).map((h) => baseUrl + h).join(' ')}` : '');
  c.sections.forEach((s, i) => {
    lines.push(`${'一二三四五六七八九十'[i] ?? i + 1}、${s.heading}`);
    for (const st of s.statements) lines.push(`${st.text}${ref(st.evidence.map((e) => e.href))}`);
    lines.push('');
  });
  if (c.attachments.length) lines.push(`附件：${c.attachments.join('；')}`, '');
  lines.push(`在平台查看：${baseUrl}/digests/${digestId}`);
  return {
    subject: `${DIGEST_KIND_LABELS[c.kind]}（${issueText(issue.year, issue.seq)}）${c.kind === 'special' ? c.title : ''}`,
    text: lines.join('\n'),
    attachment: {
      filename: `${DIGEST_KIND_LABELS[c.kind]}-${issue.year}-${issue.seq}.docx`,
      content: docx,
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    },
  };
}

/** Parses a stored email channel; null when it is not a valid email channel. */
export function emailChannelOf(configJson: string, allowPrivate: boolean): EmailChannel | null {
  try {
    const r = channelConfigSchema({ allowPrivate }).safeParse(JSON.parse(configJson));
    return r.success && r.data.kind === 'email' ? r.data : null;
  } catch {
    return null;
  }
}

/** One SMTP session sending `mail` to one address. */
export async function sendDigestMail(c: EmailChannel, to: string, mail: DigestMail, timeoutMs: number): Promise<SendResult> {
  const r = await sendSmtp(c, { fromName: '安全生产舆情监测预警平台', to, subject: mail.subject, text: mail.text, attachments: [mail.attachment] }, timeoutMs, CHANNEL_KIND_LABELS.email);
  if (!r.ok) return { ...r, error: scrubSecrets(r.error, channelSecrets(c)) };
  if (r.rejected) return { ok: false, retryable: false, error: '收件人被邮件服务器拒收' };
  return { ok: true, detail: '已投递' };
}
