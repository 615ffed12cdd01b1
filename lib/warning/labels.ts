/** Chinese names of alert kinds and states, shared by the dashboard, the CLI and notifications. */
export const ALERT_KIND_LABELS: Readonly<Record<string, string>> = {
  volume_spike: '声量激增',
  negative_shift: '负面占比上升',
  event_spread: '事件快速扩散',
  accident_grade: '较大及以上事故',
  sensitive_cues: '敏感线索（传言/瞒报/删帖）',
  silent_source: '信源异常沉默',
  hazard_warning: '灾害/隐患预警',
  clock_overdue: '回应时限',
};

export const ALERT_STATE_LABELS: Readonly<Record<string, string>> = {
  open: '待处理',
  acknowledged: '已确认',
  assigned: '已分派',
  resolved: '已办结',
};

export const SENTIMENT_LABELS: Readonly<Record<string, string>> = {
  negative: '负面',
  neutral: '中性',
  positive: '正面',
  error: '分析失败',
};
