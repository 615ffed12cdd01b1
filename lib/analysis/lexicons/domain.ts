/**
 * Work-safety vocabularies from DOMAIN.md §5, with sentiment weights proposed by the team.
 * Weights are settings to be reviewed with press-office staff, not facts.
 */

/** §5.2 sensitive cues, one record per class. Accountability is mild: it is negative only when demanded. */
export const SENSITIVE_CUES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'sensitive.reporting': {
    瞒报: -3, 迟报: -3, 谎报: -3, 漏报: -3, 隐瞒: -3, 少报: -3, 数字打架: -2.5, 口径不一: -2, 藏尸: -3, 转移遇难者: -3,
  },
  'sensitive.accountability': {
    问责: -1, 追责: -1, 免职: -1, 停职: -1, 撤职: -1, 立案: -1, 刑拘: -1, 批捕: -1, 处分: -1, 挂牌督办: -0.5,
  },
  'sensitive.family': {
    家属: -1, 维权: -2.5, 赔偿: -1.5, 索赔: -2, 讨说法: -2.5, 聚集: -2, 拉横幅: -3, 上访: -2.5, 封口费: -3, 私了: -2.5,
  },
  'sensitive.credibility': {
    质疑: -2.5, 真相: -2, 内幕: -2.5, 黑幕: -3, 保护伞: -3, 官商勾结: -3, 不作为: -3, 救援迟缓: -3, 救援不力: -3,
    举报无人理: -3, 事故前曾被举报: -3,
  },
  'sensitive.info-control': {
    拒绝采访: -3, 删帖: -3, 封号: -2.5, 限流: -2, 屏蔽: -2, 抢夺记者设备: -3, 阻挠采访: -3,
  },
  'sensitive.compliance': {
    无证: -2, 非法开采: -2.5, 超层越界: -2.5, 停产整顿期间生产: -3, 多次被罚: -2.5, 重大隐患: -2.5, 整改不到位: -2.5,
    安全评价造假: -3, 挂靠: -1.5, 出具虚假报告: -3,
  },
  'sensitive.rumour': {
    网传: -1, 网友爆料: -1.5, 知情人士: -1, 据说: -0.5, 疑似: -0.5, 视频显示: -0.5, 未经证实: -1, 谣言: -1, 辟谣: -0.5,
  },
};

/** §5.1 accident types and synonyms: an accident report reads negative even when it is factual. */
export const ACCIDENT_TERMS: Readonly<Record<string, number>> = {
  事故: -1, 安全事故: -1.5, 生产安全事故: -1.5, 物体打击: -1.5, 车辆伤害: -1.5, 机械伤害: -1.5, 起重伤害: -1.5,
  触电: -1.5, 淹溺: -1.5, 灼烫: -1.5, 火灾: -1.5, 高处坠落: -1.5, 坍塌: -1.5, 冒顶片帮: -1.5, 透水: -1.5,
  放炮: -1, 火药爆炸: -2, 瓦斯爆炸: -2, 锅炉爆炸: -2, 容器爆炸: -2, 爆炸: -2, 爆燃: -2, 闪爆: -2, 燃爆: -2,
  粉尘爆炸: -2, 燃气爆炸: -2, 储罐爆炸: -2, 反应釜爆炸: -2, 起火: -1.5, 着火: -1.5, 大火: -2, 失火: -1.5,
  浓烟: -1, 垮塌: -1.5, 倒塌: -1.5, 塌方: -1.5, 塌陷: -1.5, 脚手架倒塌: -1.5, 基坑坍塌: -1.5, 塔吊倒塌: -1.5,
  突水: -1.5, 涌水: -1, 淹井: -1.5, 瓦斯突出: -2, 煤与瓦斯突出: -2, 瓦斯超限: -1.5, 中毒: -2, 窒息: -2,
  硫化氢中毒: -2, 一氧化碳中毒: -2, 泄漏: -1.5, 泄露: -1.5, 冲击地压: -1.5, 顶板事故: -1.5, 电击: -1.5,
  坠落: -1.5, 坠亡: -2.5, 侧翻: -1.5, 追尾: -1, 相撞: -1.5, 翻车: -1.5, 坠河: -2, 尾矿库溃坝: -2.5, 溃坝: -2.5,
  // Words the segmenter keeps whole, so their parts above would not match.
  发生爆炸: -2, 浓烟滚滚: -1.5, 熊熊大火: -2, 火光冲天: -2, 车祸: -1.5,
};

/** §5.1 casualty and status terms; rescue outcomes are positive. */
export const CASUALTY_TERMS: Readonly<Record<string, number>> = {
  死亡: -2.5, 遇难: -2.5, 罹难: -2.5, 身亡: -2.5, 殉职: -2, 受伤: -1.5, 重伤: -2, 轻伤: -1, 烧伤: -1.5, 失联: -2,
  失踪: -2, 下落不明: -2, 被困: -2, 涉险: -1.5, 伤亡: -2, 伤亡人数: -1.5, 直接经济损失: -1,
};

export const RESCUE_TERMS: Readonly<Record<string, number>> = {
  获救: 2, 升井: 1.5, 救出: 2, 成功救出: 2.5, 脱离危险: 2, 生命体征平稳: 2, 伤员生命体征平稳: 2,
};

/** §5.4 official positive-release phrasing: marks an item as an orderly official response. */
export const OFFICIAL_RELEASE_TERMS: Readonly<Record<string, number>> = {
  第一时间: 1, 迅速启动应急预案: 2, 启动应急预案: 1.5, 启动应急响应: 1.5, 主要负责同志赶赴现场: 1.5, 赶赴现场: 1,
  成立现场指挥部: 1.5, 全力救援: 2, 全力搜救: 2, 全力救治: 2, 善后处置: 1.5, 妥善处置: 2, 家属安抚: 1.5,
  安抚工作: 1, 事故原因正在调查: 0.5, 成立事故调查组: 1, 依法依规严肃追责: 1.5, 相关责任人已被控制: 1,
  深刻吸取教训: 1.5, 举一反三: 1.5, 安全生产大检查: 1, 隐患排查整治: 1, 隐患排查: 1, 持续发布: 1, 有序开展: 1.5,
  有序推进: 1.5, 社会稳定: 1.5, 情绪稳定: 1.5, 总体稳定: 1.5, 权威发布: 0.5,
};

/** §5.3 industries and agencies: segmentation only, they carry no sentiment. */
export const NEUTRAL_DOMAIN_TERMS: readonly string[] = [
  '煤矿', '非煤矿山', '金属非金属矿山', '尾矿库', '危险化学品', '危化品', '化工园区', '储罐区', '重大危险源', '槽罐车',
  '烟花爆竹', '建筑施工', '房屋市政工程', '工贸', '冶金', '有色', '建材', '特种设备', '道路运输', '水上交通', '民爆',
  '城镇燃气', '城市轨道', '石油开采', '石油化工', '安全评价', '有限空间', '老空水', '提升运输', '液氯', '液氨',
  '应急管理部', '应急管理厅', '应急管理局', '安监局', '安监总局', '安全监管局', '矿山安全监察局', '国家矿山安全监察局',
  '消防救援支队', '消防救援大队', '住建局', '市场监管局', '安全生产', '安委会', '安委办', '调查组',
  '情况通报', '事故通报', '警示通报', '最新进展', '新闻发布会', '答记者问', '政策解读', '事故调查报告',
  '严重失信主体名单', '行政处罚决定',
  // Agency names that contain sentiment words (卫生, 健康, 安全): kept whole so they read as names.
  '卫生健康委员会', '卫生健康委', '国家卫生健康委', '卫健委', '卫生局', '卫生部', '世界卫生组织', '世卫组织',
  '疾病预防控制中心', '公共卫生', '公共卫生事件', '突发公共卫生事件', '卫生应急', '健康码', '安全生产委员会',
];
