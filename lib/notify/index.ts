/** Notification delivery for early-warning alerts (DB-free core; lib/db stores channels, rules, deliveries). */
export * from './channels';
export * from './message';
export * from './routing';
export { dingtalkSign, feishuSign, sendNotification, webhookSignature } from './send';
export type { SendOptions, SendResult } from './send';
