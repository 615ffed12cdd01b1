/** Chinese names of audit actions and results, for the /audit page and its CSV. */
import type { AuditAction } from '@/lib/db';

export const AUDIT_ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  'alert.acknowledge': '确认预警',
  'alert.assign': '分派预警',
  'alert.resolve': '办结预警',
  'alert.reopen': '重新打开预警',
  'source.create': '新增信源',
  'source.update': '修改信源',
  'source.delete': '删除信源',
  'source.schedule': '修改信源启用/间隔',
  'source.import': '从文件导入信源',
  'topic.save': '保存专题',
  'topic.delete': '删除专题',
  'lexicon.save': '保存词条',
  'settings.thresholds': '修改预警阈值',
  'settings.clocks': '修改回应时限',
  'clock.met': '标记回应时限完成',
  'notify.channel.save': '保存通知渠道',
  'notify.channel.test': '发送测试通知',
  'notify.rule.save': '保存通知规则',
  'export.items': '导出信息',
  'export.audit': '导出审计日志',
  'audit.query': '查询审计日志',
  'audit.verify': '校验审计日志',
  'audit.retention': '清理过期审计记录',
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.lockout': '账号锁定',
  'auth.logout': '退出登录',
  'auth.timeout': '会话超时',
  'auth.password_change': '修改密码',
  'auth.totp_enable': '启用动态口令',
  'auth.totp_disable': '停用动态口令',
  'user.create': '创建账号',
  'user.disable': '停用账号',
  'user.enable': '启用账号',
  'user.password_reset': '重置密码',
  'user.unlock': '解锁账号',
  'role.grant': '授予角色',
  'role.revoke': '撤销角色',
  'policy.update': '修改安全策略',
  'authz.denied': '越权访问被拒绝',
  'disclosure.create': '登记依申请公开',
  'disclosure.event': '办理依申请公开',
  'reply.create': '标记需回应',
  'reply.assign': '分派回应任务',
  'reply.answer': '登记回应',
  'reply.close': '关闭回应任务',
  'reply.reopen': '重新打开回应任务',
  'reply.escalate': '回应逾期升级',
};

export const AUDIT_RESULT_LABELS: Readonly<Record<string, string>> = { ok: '成功', denied: '拒绝', failed: '失败' };

export function auditActionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Readonly<Record<string, string>>)[action] ?? action;
}
