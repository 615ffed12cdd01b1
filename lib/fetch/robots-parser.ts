/**
 * A small RFC 9309 robots.txt parser: groups by user-agent, Allow/Disallow with `*` and `$`,
 * longest match wins, a tie goes to Allow, /robots.txt itself is always allowed.
 */

interface Rule {
  allow: boolean;
  /** Normalised pattern without the trailing `$`. */
  pattern: string;
  anchored: boolean;
  /** Literal text before the first `*`: a cheap pre-filter. */
  prefix: string;
  /** Specificity = octets of the pattern as written (after normalisation). */
  length: number;
}

interface Group {
  agents: string[];
  rules: Rule[];
}

const MAX_PATTERN_LENGTH = 2048;

/** Percent-encodes non-ASCII/controls and canonicalises %xx, so patterns and URL paths compare like for like. */
function normalise(s: string): string {
  const encoded = s.replace(/[^\x21-\x7e]/gu, (ch) =>
    [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
  return encoded.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => {
    const ch = String.fromCharCode(Number.parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

/** The product token the rules are matched against: "SafetyOpinionMonitor/0.1 (...)" → "safetyopinionmonitor". */
export function productToken(userAgent: string): string {
  return (/^[A-Za-z_-]+/.exec(userAgent.trim())?.[0] ?? '').toLowerCase();
}

function agentToken(value: string): string {
  const v = value.trim();
  return v.startsWith('*') ? '*' : productToken(v);
}

/** Wildcard match with an implicit trailing `*` unless anchored; linear backtracking, no regex. */
function matches(rule: Rule, path: string): boolean {
  if (!path.startsWith(rule.prefix)) return false;
  const p = rule.pattern;
  let pi = 0;
  let si = 0;
  let starP = -1;
  let starS = 0;
  for (;;) {
    if (pi === p.length) {
      if (!rule.anchored || si === path.length) return true;
    } else if (si === path.length) {
      while (pi < p.length && p[pi] === '*') pi++;
      return pi === p.length;
    } else if (p[pi] === '*') {
      starP = pi++;
      starS = si;
      continue;
    } else if (p[pi] === path[si]) {
      pi++;
      si++;
      continue;
    }
    if (starP < 0 || starS >= path.length) return false;
    pi = starP + 1;
    si = ++starS;
  }
}

export class RobotsTxt {
  private constructor(private readonly groups: Group[]) {}

  static parse(text: string): RobotsTxt {
    const groups: Group[] = [];
    let current: Group | undefined;
    let inAgentLines = false;
    for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
      const hash = rawLine.indexOf('#');
      const line = (hash >= 0 ? rawLine.slice(0, hash) : rawLine).trim();
      const m = /^([A-Za-z-]+(?: agent)?)\s*:\s*(.*)$/.exec(line);
      if (!m) continue;
      const key = (m[1] ?? '').toLowerCase();
      const value = (m[2] ?? '').trim();
      if (key === 'user-agent' || key === 'useragent' || key === 'user agent') {
        // Consecutive user-agent lines share one group; one after rules starts a new group.
        if (!current || !inAgentLines) {
          current = { agents: [], rules: [] };
          groups.push(current);
        }
        current.agents.push(agentToken(value));
        inAgentLines = true;
      } else if (key === 'allow' || key === 'disallow' || key === 'dissallow' || key === 'disalow') {
        inAgentLines = false;
        // Rules before any user-agent belong to no group; an empty value means "no rule".
        if (!current || !value || value.length > MAX_PATTERN_LENGTH) continue;
        const anchored = value.endsWith('$');
        const pattern = normalise(anchored ? value.slice(0, -1) : value);
        const star = pattern.indexOf('*');
        current.rules.push({
          allow: key === 'allow',
          pattern,
          anchored,
          prefix: star >= 0 ? pattern.slice(0, star) : pattern,
          length: pattern.length + (anchored ? 1 : 0),
        });
      }
      // Sitemap, crawl-delay and unknown lines neither end nor start a group.
    }
    return new RobotsTxt(groups);
  }

  /** pathAndQuery: the URL's path plus query, as the WHATWG parser gives it. */
  isAllowed(pathAndQuery: string, userAgent: string): boolean {
    const path = normalise(pathAndQuery || '/');
    if (path === '/robots.txt') return true;
    const token = productToken(userAgent);
    let chosen = token ? this.groups.filter((g) => g.agents.includes(token)) : [];
    if (chosen.length === 0) chosen = this.groups.filter((g) => g.agents.includes('*'));
    let best: Rule | undefined;
    for (const g of chosen) {
      for (const r of g.rules) {
        if (best && (r.length < best.length || (r.length === best.length && !r.allow))) continue;
        if (matches(r, path)) best = r;
      }
    }
    return best ? best.allow : true;
  }

  get groupCount(): number {
    return this.groups.length;
  }
}

export function parseRobotsTxt(text: string): RobotsTxt {
  return RobotsTxt.parse(text);
}
