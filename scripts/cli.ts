/**
 * What the command-line tools share: a usage error (exit code 2, with the usage text) and the
 * runner that maps main's result and errors to exit codes (0/1 from main, 2 usage, 1 failure).
 */
export class UsageError extends Error {}

export function runCli(
  name: string,
  main: (argv: string[]) => Promise<number>,
  opts: { usage?: string; usageMessage?: (e: unknown) => string | null } = {},
): void {
  const suffix = opts.usage ? `\n\n${opts.usage}` : '';
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      const usage = e instanceof UsageError ? e.message : (opts.usageMessage?.(e) ?? null);
      if (usage !== null) {
        process.stderr.write(`${usage}${suffix}\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`${name} 失败: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = 1;
      }
    },
  );
}
