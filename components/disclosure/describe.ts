/** One line of Chinese per stored event, for the timeline. */
import {
  ART36_ITEMS,
  CONSULTATION_PARTIES,
  OUTCOME_CATEGORIES,
  OUTCOME_REASONS,
  receiptDateOf,
  type DisclosureEvent,
} from '@/lib/workflow/disclosure-deadline';

export function eventDay(event: DisclosureEvent): string | null {
  return event.type === 'received' ? receiptDateOf(event).date : event.on;
}

export function describeEvent(event: DisclosureEvent, consultationLabels: Map<string, string>): string {
  switch (event.type) {
    case 'received': {
      const parts = [`渠道：${event.channel}${event.postKind ? `（${event.postKind}）` : ''}`];
      if (event.submittedOn) parts.push(`提交 ${event.submittedOn}`);
      if (event.signedOn) parts.push(`签收 ${event.signedOn}`);
      if (event.arrivedOn) parts.push(`到达 ${event.arrivedOn}`);
      if (event.confirmedOn) parts.push(`双方确认 ${event.confirmedOn}`);
      return parts.join('；');
    }
    case 'supplement_requested':
      return event.replyBy ? `补正期限至 ${event.replyBy}` : '未告知补正期限';
    case 'supplement_received':
      return '答复期限自本日起重新计算';
    case 'supplement_abandoned':
      return '申请人逾期未补正，视为放弃申请';
    case 'consultation_started':
      return `${CONSULTATION_PARTIES[event.party]}${event.letterReceivedOn ? `，对方 ${event.letterReceivedOn} 收到` : ''}`;
    case 'consultation_ended':
      return consultationLabels.get(event.consultationId) ?? event.consultationId;
    case 'extension_approved':
      return `延长 ${event.workingDays} 个工作日；批准人：${event.approvedBy}；${event.noticeSentOn} 告知申请人`;
    case 'reasonable_delay':
      return `答复期限定为 ${event.dueDate}；理由：${event.reason}`;
    case 'closed': {
      const category = OUTCOME_CATEGORIES[event.category];
      const reasons: Record<string, string> = OUTCOME_REASONS[event.category as keyof typeof OUTCOME_REASONS] ?? {};
      const reason = event.reason ? reasons[event.reason] : null;
      const item = event.art36Item ? ART36_ITEMS[event.art36Item] : null;
      return [`办理结果：${category}${reason ? `（${reason}）` : ''}`, item ? `第36条${item}` : null].filter(Boolean).join('；');
    }
  }
}
