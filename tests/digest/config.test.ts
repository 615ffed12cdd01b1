import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '@/lib/config';

describe('digest configuration', () => {
  test('defaults: 07:30 Asia/Shanghai and an issuing unit', () => {
    expect(loadConfig({}).digest).toEqual({ time: '07:30', timezone: 'Asia/Shanghai', issuer: '应急管理厅新闻宣传处' });
  });
  test('custom values are read; invalid ones are refused in Chinese', () => {
    expect(loadConfig({ DIGEST_TIME: '06:05', DIGEST_TIMEZONE: 'Asia/Urumqi', DIGEST_ISSUER: '某市应急管理局' }).digest).toEqual({ time: '06:05', timezone: 'Asia/Urumqi', issuer: '某市应急管理局' });
    expect(() => loadConfig({ DIGEST_TIME: '7:30' })).toThrow(ConfigError);
    expect(() => loadConfig({ DIGEST_TIME: '24:00' })).toThrow(/DIGEST_TIME/);
    expect(() => loadConfig({ DIGEST_TIMEZONE: 'Mars/Base' })).toThrow(/DIGEST_TIMEZONE/);
    expect(() => loadConfig({ DIGEST_ISSUER: '   ' })).toThrow(/DIGEST_ISSUER/);
  });
});
