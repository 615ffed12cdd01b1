/** Chinese labels of the 信源 pages. */
export const ORIGIN_LABELS: Readonly<Record<string, string>> = {
  catalogue: '内置目录',
  demo: '演示',
  user: '用户添加',
  cli: '命令行导入',
};

export const KIND_LABELS: Readonly<Record<string, string>> = {
  rss: 'RSS/Atom 订阅源',
  html: 'HTML 列表页',
};

export const FETCH_STATUS_LABELS: Readonly<Record<string, string>> = {
  ok: '成功',
  not_modified: '无更新（304）',
  error: '失败',
};

/** Health filter values with their words; `disabled` is a state of its own on this page. */
export const HEALTH_FILTER_LABELS: Readonly<Record<string, string>> = {
  failing: '故障',
  degraded: '异常',
  unknown: '未检查',
  ok: '正常',
  disabled: '已停用',
};

export function formatInterval(minutes: number): string {
  if (minutes % 1440 === 0) return `每 ${minutes / 1440} 天`;
  if (minutes % 60 === 0) return `每 ${minutes / 60} 小时`;
  return `每 ${minutes} 分钟`;
}
