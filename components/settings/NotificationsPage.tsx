import type { ChannelSettingsRow } from '@/lib/db';
import { formatDateTime } from '@/lib/format/zh';
import { CHANNEL_KIND_LABELS, channelConfigSchema } from '@/lib/notify/channels';
import type { ChannelKind } from '@/lib/notify/channels';
import { NotificationRuleSchema } from '@/lib/notify/routing';
import { channelLines, describeRule } from '@/lib/settings/notifications';
import { TestSendButton } from './TestSendButton';

export interface NotificationsPageProps {
  channels: ChannelSettingsRow[];
  rules: { id: number; name: string; ruleJson: string; enabled: boolean; updatedAt: Date }[];
  allowPrivate: boolean;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Read-only: channels with their secrets masked, and the rules in Chinese. Editing stays in the CLI for now. */
export function NotificationsPage({ channels, rules, allowPrivate }: NotificationsPageProps) {
  const schema = channelConfigSchema({ allowPrivate });
  const names = new Map(channels.map((c) => [String(c.id), c.name]));
  return (
    <div className="settings">
      <div className="page-head">
        <h1>通知渠道与规则</h1>
      </div>
      <p className="lead">
        预警发出后按规则推送到这些通道。密钥只显示首尾几位。本页只读；新增或修改请用命令行{' '}
        <code>npm run alerts -- channel add …</code> 和 <code>npm run alerts -- rule add …</code>。
      </p>
      <section className="card" aria-labelledby="channels-h">
        <h2 id="channels-h">通知通道</h2>
        {channels.length === 0 ? (
          <p className="empty">还没有通知通道。预警只在本系统中显示，不会推送。</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">编号</th>
                  <th scope="col">名称</th>
                  <th scope="col">配置</th>
                  <th scope="col">状态</th>
                  <th scope="col">测试</th>
                </tr>
              </thead>
              <tbody>
                {channels.map((c) => {
                  const p = schema.safeParse(parseJson(c.configJson));
                  return (
                    <tr key={c.id}>
                      <td>#{c.id}</td>
                      <td>
                        {c.name}
                        <div className="muted small">修改于 {formatDateTime(c.updatedAt)}</div>
                      </td>
                      <td>
                        {p.success ? (
                          <dl className="lines">
                            {channelLines(p.data).map((l) => (
                              <div key={l.label} style={{ display: 'contents' }}>
                                <dt>{l.label}</dt>
                                <dd>{l.value}</dd>
                              </div>
                            ))}
                          </dl>
                        ) : (
                          <span className="field-error">
                            {CHANNEL_KIND_LABELS[c.kind as ChannelKind] ?? c.kind}：配置无效，请用命令行重新配置
                          </span>
                        )}
                      </td>
                      <td>
                        <span className={`pill ${c.enabled ? 'ok' : 'unknown'}`}>{c.enabled ? '启用' : '停用'}</span>
                      </td>
                      <td>{p.success && <TestSendButton channelId={c.id} name={c.name} />}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="rules-h">
        <h2 id="rules-h">通知规则</h2>
        {rules.length === 0 ? (
          <p className="empty">还没有通知规则。</p>
        ) : (
          <ul className="hazards">
            {rules.map((r) => {
              const p = NotificationRuleSchema.safeParse({ ...(parseJson(r.ruleJson) as object), id: String(r.id) });
              return (
                <li key={r.id}>
                  <strong>{r.name}</strong> <span className={`pill ${r.enabled ? 'ok' : 'unknown'}`}>{r.enabled ? '启用' : '停用'}</span>
                  <div>{p.success ? describeRule(p.data, names) : <span className="field-error">规则无效，请用命令行重新配置</span>}</div>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
