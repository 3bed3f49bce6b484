/** The word after `flag` on a benchmark's command line (`--chains 4` → "4"), or undefined when the flag is absent. */
export function flagValue(argv: readonly string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  return at >= 0 ? argv[at + 1] : undefined;
}
