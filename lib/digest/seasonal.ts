/**
 * 时令风险提示 for the digest's 明日关注: which seasonal hazards a work-safety press office usually
 * watches in a given month. DOMAIN.md gives no official calendar, so this is the team's summary of
 * common practice [R] (汛期, 高温, 冬季取暖, 春节, 春季森林防火, 台风), shown as a reminder with its basis,
 * never as a statistic. Edit the table to fit the province (a coastal or northern office differs).
 */
import { wallTime } from './period';

export interface SeasonalWatch {
  key: string;
  /** Calendar months (1–12) it applies in. */
  months: readonly number[];
  label: string;
  /** What to watch, in the words of a 日报. */
  watch: string;
}

export const SEASONAL_WATCHES: readonly SeasonalWatch[] = [
  {
    key: 'flood',
    months: [6, 7, 8, 9],
    label: '汛期',
    watch: '暴雨洪涝、山洪和地质灾害及其引发的矿山透水、城市内涝、地下空间倒灌等事故，以及防汛应对的舆情',
  },
  {
    key: 'heat',
    months: [6, 7, 8],
    label: '高温季节',
    watch: '有限空间作业中毒窒息、高温作业中暑、危险化学品储存运输等事故',
  },
  {
    key: 'typhoon',
    months: [7, 8, 9, 10],
    label: '台风季节（沿海地区）',
    watch: '台风引发的建筑施工、港口船舶、户外设施等事故和防台风应对的舆情',
  },
  {
    key: 'heating',
    months: [11, 12, 1, 2, 3],
    label: '冬季取暖期',
    watch: '一氧化碳中毒、燃气爆炸、火灾和冬季施工事故',
  },
  {
    key: 'spring_festival',
    months: [1, 2],
    label: '元旦春节前后',
    watch: '烟花爆竹、人员密集场所火灾、春运道路交通和节后复工复产期间的事故',
  },
  {
    key: 'forest_fire',
    months: [3, 4, 5],
    label: '春季森林草原防火期',
    watch: '清明前后祭祀用火、农事用火引发的森林草原火灾，以及春季复工复产的事故',
  },
];

/** The seasonal reminders for the calendar day containing `at` in `tz`. */
export function seasonalWatchesFor(at: Date, tz: string): SeasonalWatch[] {
  const month = wallTime(at, tz).month;
  return SEASONAL_WATCHES.filter((s) => s.months.includes(month));
}
