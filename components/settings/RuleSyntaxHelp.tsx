/** The rule language in one screen (lib/analysis/topic-rules). */
export function RuleSyntaxHelp() {
  return (
    <details>
      <summary>规则写法</summary>
      <ul className="syntax">
        <li>
          空格或 <code>AND</code>：几个词同时出现，如 <code>煤矿 透水</code>
        </li>
        <li>
          <code>OR</code> 或 <code>|</code>：任一出现，如 <code>透水 OR 突水</code>
        </li>
        <li>
          <code>NOT</code> 或 <code>-</code>：排除，如 <code>煤矿 透水 NOT 演练</code>；规则不能只有排除条件
        </li>
        <li>
          括号分组：<code>煤矿 AND (透水 OR 突水)</code>
        </li>
        <li>
          引号表示整个短语：<code>&quot;安全生产许可证&quot;</code>
        </li>
        <li>
          <code>title:词</code> 只看标题，<code>text:词</code> 只看正文，如 <code>title:(爆炸 OR 火灾)</code>
        </li>
        <li>
          <code>A NEAR/5 B</code>：两词相距不超过 5 个字，如 <code>瞒报 NEAR/10 死亡</code>
        </li>
        <li>英文大小写、全角半角不区分。</li>
      </ul>
    </details>
  );
}
