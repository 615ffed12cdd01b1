/**
 * 严重失信主体名单 (responsible-enterprise list) terms, after 应急管理部令第11号 as quoted by the
 * Shanxi implementing text [P] (DOMAIN §0, §7): an entry is managed for 3 years from the day it is
 * listed; the enterprise may apply for early removal once 12 months have passed. Pure.
 */
import { addCalendarMonths, daysBetween } from './accident-case';
import type { CalendarDay } from './calendar';

export const LISTING_TERM_MONTHS = 36;
export const EARLY_REMOVAL_AFTER_MONTHS = 12;
/** An entry whose term ends within this many days is shown as 即将期满. */
export const EXPIRING_WITHIN_DAYS = 60;

export const LISTING_RULE = {
  text: '列入严重失信主体名单的管理期限为3年；列入满12个月后可申请提前移出',
  source: '应急管理部令第11号（山西省实施文本转引）',
  confidence: 'P',
} as const;

export function listingTerms(listedOn: CalendarDay): { expiresOn: CalendarDay; earlyRemovalFrom: CalendarDay } {
  return {
    expiresOn: addCalendarMonths(listedOn, LISTING_TERM_MONTHS),
    earlyRemovalFrom: addCalendarMonths(listedOn, EARLY_REMOVAL_AFTER_MONTHS),
  };
}

export type ListingStatus = 'in_force' | 'expiring' | 'expired' | 'removed';

export const LISTING_STATUS_LABELS: Record<ListingStatus, string> = {
  in_force: '在列',
  expiring: '即将期满',
  expired: '期满移出',
  removed: '已移出',
};

export function listingStatus(l: { expiresOn: CalendarDay; removedOn: CalendarDay | null }, today: CalendarDay): ListingStatus {
  if (l.removedOn && l.removedOn <= today) return 'removed';
  if (today >= l.expiresOn) return 'expired';
  return daysBetween(today, l.expiresOn) <= EXPIRING_WITHIN_DAYS ? 'expiring' : 'in_force';
}

/** Why a removal on `on` is impossible, or null. Removal before the term ends is early removal. */
export function removalRefusal(
  l: { listedOn: CalendarDay; expiresOn: CalendarDay; earlyRemovalFrom: CalendarDay; removedOn: CalendarDay | null },
  on: CalendarDay,
  today: CalendarDay,
): string | null {
  if (l.removedOn) return `该企业已于${l.removedOn}移出名单`;
  if (on > today) return `移出日期不能晚于今天（${today}）`;
  if (on < l.listedOn) return `移出日期早于列入日期（${l.listedOn}）`;
  if (on < l.earlyRemovalFrom) return `列入满12个月（${l.earlyRemovalFrom}）后方可提前移出（应急管理部令第11号）`;
  return null;
}
