/**
 * Everyday Chinese words of complaint, fear, grief, scorn and of relief, thanks and praise, written
 * by the team from general knowledge of the language (not derived from any research corpus).
 * Weights run -3..+3 like the general lexicon; words already in general.ts or weibo.ts are not
 * repeated here (they come first in buildDefaultTerms, so on a duplicate the older list wins).
 */

/** Complaint about officials and services, scorn, fear, grief, distress. */
export const COLLOQUIAL_NEGATIVE: Readonly<Record<string, number>> = {
  // Anger and scorn
  愤恨: -2.5, 怒火: -2.5, 发火: -2, 暴躁: -2, 窝火: -2, 憋气: -2, 混账: -3, 丑陋: -2.5, 虚伪: -2.5, 假惺惺: -2,
  蠢货: -3, 白痴: -3, 狗官: -3, 贪官: -3, 庸官: -2.5, 官老爷: -2, 草包: -2.5, 狗屎: -3, 呸: -2, 滚犊子: -3,
  无法无天: -3, 胡作非为: -3, 胡说八道: -3, 睁眼说瞎话: -3, 说谎: -2.5, 假话: -2.5, 鬼话: -2.5, 骗局: -2.5,
  黑幕: -2.5, 猫腻: -2, 传谣: -1.5, 悲愤: -3, 寒了心: -2.5, 凉凉: -1.5, 不对劲: -1.5, 不妙: -2, 糟了: -2,
  // Officialdom seen from below
  作秀: -2, 摆拍: -1.5, 做样子: -2, 走过场: -2, 表面功夫: -2, 面子工程: -2.5, 瞎指挥: -2.5, 乱作为: -2.5,
  不作为: -2.5, 失责: -2.5, 遮掩: -2, 掩盖: -2.5, 昏庸: -2.5, 一拖再拖: -2.5, 姗姗来迟: -2, 拖拉: -2,
  耽误: -2, 延误: -2, 贻误: -2.5, 迟迟: -1.5, 乱象: -2, 失序: -2, 哄抢: -2, 见死不救: -3, 自生自灭: -3,
  求助无门: -3, 投诉无门: -3, 走投无路: -3, 叫天天不应: -3,
  // Fear, worry and distress
  惊恐: -2.5, 惊吓: -2, 瘆人: -2, 慌乱: -2, 手足无措: -2, 无所适从: -1.5, 焦急: -2, 着急: -1.5, 心急: -1.5,
  心急如焚: -2.5, 怕了: -1.5, 疲惫: -1.5, 累垮: -2, 病危: -2.5,
  // Grief and low spirits
  悲催: -2, 哀嚎: -2.5, 痛哭: -2.5, 大哭: -2, 哭了: -1.5, 惨痛: -3, 悔恨: -2.5, 失落: -2, 沮丧: -2, 低落: -1.5,
  孤独: -1.5, 迷茫: -1.5, 绝望了: -3, 心如刀割: -3, 欲哭无泪: -2.5, 泣不成声: -2.5, 令人心碎: -2.5,
};

/** Relief, thanks, congratulation, kindness, hope. */
export const COLLOQUIAL_POSITIVE: Readonly<Record<string, number>> = {
  温情: 2, 感人至深: 2.5, 赞美: 2, 致谢: 2, 多谢: 2, 谢天谢地: 2, 幸好: 1.5, 幸亏: 1.5, 好在: 1, 盼望: 1.5,
  欢迎: 1.5, 恭喜: 2, 祝贺: 2, 庆祝: 1.5, 好耶: 2, 太棒了: 2.5, 真棒: 2, 团圆: 1.5, 爱心: 2, 善良: 2, 善意: 1.5,
  大爱: 2.5, 义举: 2, 勇气: 1.5, 曙光: 2, 转机: 1.5, 好兆头: 2, 可防可控: 1.5, 稳住了: 2, 感恩有你: 2.5,
  暖暖的: 2, 心里暖: 2, 太感动了: 2.5, 安心了: 2, 放心了: 2, 松了一口气: 2,
};
