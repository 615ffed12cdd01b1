/** The hardened fetcher: every source fetches through here (STYLE rule 4). */
export { fetchResource } from './fetch-resource';
export { HostLimiter } from './host-limiter';
export type { HostLimiterOptions } from './host-limiter';
export { RobotsCache } from './robots';
export type { RobotsCacheOptions, RobotsDecision, RobotsReason } from './robots';
export { RobotsTxt, parseRobotsTxt, productToken } from './robots-parser';
export { MAX_RETRY_AFTER_MS, parseHttpDate, parseRetryAfter } from './retry-after';
export {
  DEFAULT_ALLOWED_PORTS,
  assertUrlAllowed,
  isAddressAllowed,
  isPublicAddress,
  normaliseIp,
} from './ssrf-guard';
export type { UrlPolicy } from './ssrf-guard';
export { FETCH_DEFAULTS } from './types';
export type { FetchKind, FetchOptions, FetchResult, LookupFn } from './types';
