/**
 * 标记需回应 for the item and event pages: `<MarkReplyButton subjectType="item" subjectId={id} />`.
 * Shows the task when the subject is already marked, the form to those who may handle replies,
 * and nothing else to the others. The page around it has checked 'monitor.read' already.
 */
import Link from 'next/link';
import { hasPermission } from '@/lib/auth/dal';
import { db, replyTaskForSubject } from '@/lib/db';
import { REPLY_STATE_LABELS } from '@/lib/replies/state-machine';
import { MarkReplyForm } from './MarkReplyForm';
import './replies.css';

export interface MarkReplyButtonProps {
  subjectType: 'item' | 'event';
  subjectId: number;
}

export async function MarkReplyButton({ subjectType, subjectId }: MarkReplyButtonProps) {
  const [task, canHandle] = await Promise.all([replyTaskForSubject(db(), subjectType, subjectId), hasPermission('replies.handle')]);
  if (task) {
    return (
      <p className="rp-marked">
        已标记需回应：<Link href={`/replies/${task.id}`}>回应任务 #{task.id}</Link>（{REPLY_STATE_LABELS[task.state]}）
      </p>
    );
  }
  if (!canHandle) return null;
  return <MarkReplyForm subjectType={subjectType} subjectId={subjectId} origin="manual" />;
}
