/** One line of Chinese per entry, for the timeline. */
import type { AccidentEntry } from '@/lib/workflow/accident-case';
import { calendarDayInShanghai } from '@/lib/workflow/calendar';
import { formatShanghai } from './bits';

export function describeEntry(e: AccidentEntry): string {
  switch (e.type) {
    case 'rescue_release': {
      const figures = [e.deaths !== undefined ? `死亡 ${e.deaths}` : null, e.injuries !== undefined ? `受伤 ${e.injuries}` : null, e.missing !== undefined ? `失联 ${e.missing}` : null].filter(Boolean);
      return `${formatShanghai(new Date(e.at))} 发布“${e.title}”${figures.length ? `（${figures.join('，')}）` : ''}`;
    }
    case 'rescue_ended':
      return `救援于 ${formatShanghai(new Date(e.at))} 结束`;
    case 'report_submitted':
      return '调查组提交事故调查报告';
    case 'appraisal':
      return `技术鉴定 ${e.from} 至 ${e.to}${e.subject ? `：${e.subject}` : ''}（不计入调查期限）`;
    case 'extension_approved':
      return `延长 ${e.days} 日；批准机关：${e.approvedBy}；文号：${e.documentNo}`;
    case 'report_published':
      return `调查报告公布：${e.url}`;
    case 'approval_extended':
      return `批复期限延长 ${e.days} 日；批准机关：${e.approvedBy}`;
    case 'closure_approved':
      return `批复文号：${e.documentNo}`;
    case 'supervision':
      return `${e.by}挂牌督办，通知书 ${e.noticeNo}`;
    case 'supervision_closed':
      return e.url ? `督办事项办结，公开：${e.url}` : '督办事项办结';
    case 'accountability_published':
      return `追责 ${e.peopleHandled} 人${e.transferredToJustice !== undefined ? `，移送司法机关 ${e.transferredToJustice} 人` : ''}；${e.url}`;
    case 'penalty_decided':
      return `${e.decisionNo}：${e.target}`;
    case 'penalty_published':
      return `${e.decisionNo} 公示：${e.url}`;
    case 'rectification_reviewed':
      return `整改评估结果公布：${e.url}`;
    case 'note':
      return e.text;
    case 'link_check':
      return describeLinkCheck(e);
  }
}


/** "2026-11-20 公开网址无法访问（HTTP 404）：url", "… 恢复访问：url". */
function describeLinkCheck(e: Extract<AccidentEntry, { type: 'link_check' }>): string {
  const day = calendarDayInShanghai(new Date(e.checkedAt));
  switch (e.change) {
    case 'gone':
      return `${e.since ? calendarDayInShanghai(new Date(e.since)) : day} 公开网址无法访问（${e.status}）：${e.url}`;
    case 'restored':
      return `${day} 恢复访问（${e.status}）：${e.url}`;
    case 'first_ok':
      return `${day} 首次检查可以访问（${e.status}）：${e.url}`;
  }
}
