/** Headless inpainting: `npm run inpaint -- --image in.png --mask mask.png --out out.png`. */
import { parseInpaintArgs, UsageError, USAGE } from './args';
import { runInpaint } from './run-inpaint';

async function main(argv: string[]): Promise<number> {
  try {
    const options = parseInpaintArgs(argv);
    if (options === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    await runInpaint(options, (line) => process.stderr.write(`${line}\n`));
    return 0;
  } catch (error) {
    // one clear line, no stack: the message names the flag or file at fault
    process.stderr.write(`gibbs-inpaint: error: ${(error as Error).message}\n`);
    if (error instanceof UsageError) process.stderr.write('run with --help for the options\n');
    return error instanceof UsageError ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
