import { parseInpaintArgs, UsageError, USAGE } from './args';
import { runBatch } from './batch';
import { runInpaint } from './run-inpaint';

export interface CliStreams {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The CLI as a function (the tests run it in-process): returns the exit code; an error is one line on stderr. */
export async function main(argv: string[], env: NodeJS.ProcessEnv, streams: CliStreams): Promise<number> {
  try {
    const options = parseInpaintArgs(argv, env);
    if (options === 'help') {
      streams.stdout(USAGE);
      return 0;
    }
    const log = (line: string) => streams.stderr(`${oneLine(line)}\n`);
    return await (options.batch ? runBatch(options, options.batch, log) : runInpaint(options, log));
  } catch (error) {
    // one line, no stack: the message names the flag or file at fault
    const hint = error instanceof UsageError ? ' (--help lists the options)' : '';
    streams.stderr(`gibbs-inpaint: error: ${oneLine(messageOf(error))}${hint}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error)).trim() || 'failed for an unknown reason';

/** A file name may hold a line break: escape control characters so one message stays one line. */
const oneLine = (text: string): string => text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
