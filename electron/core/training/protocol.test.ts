import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_CHARS, parseProgressLine, PROTOCOL_VERSION, type ProgressMessage } from './protocol';

const TRANSCRIPT = path.join(import.meta.dirname, 'testing', 'transcript.jsonl');

const parsed = (line: string): ProgressMessage => {
  const result = parseProgressLine(line);
  if (!result.ok) throw new Error(result.problem);
  return result.message;
};
const problem = (line: string): string => {
  const result = parseProgressLine(line);
  if (result.ok) throw new Error(`parsed ${line}`);
  return result.problem;
};

describe('the training progress protocol', () => {
  it('parses every line the Python trainer printed in three real runs', async () => {
    const lines = (await readFile(TRANSCRIPT, 'utf8')).trimEnd().split('\n');
    const types = lines.map((line) => parsed(line).type);
    expect(new Set(types)).toEqual(new Set(['start', 'skipped', 'checkpoint', 'validation', 'step', 'sheet', 'done', 'cancelled', 'error']));
    const start = parsed(lines[0]!);
    expect(start).toMatchObject({ type: 'start', protocol: PROTOCOL_VERSION, device: 'cpu', base: 'mine', skipped: 1, exampleMode: 'crop' });
    expect(parsed(lines.at(-1)!)).toEqual({ type: 'error', message: '--data-dir /home/artist/nothing: no such folder' });
  });

  it('takes the null a non-finite figure becomes', () => {
    expect(parsed('{"type":"validation","step":3,"nll":null,"nllNats":null,"best":1.5}')).toMatchObject({ nll: null });
    expect(parsed('{"type":"note","message":"no sample sheets"}')).toEqual({ type: 'note', message: 'no sample sheets' });
  });

  it('says why a line is not a message: not JSON, an unknown type, a wrong or extra field', () => {
    expect(problem('Traceback (most recent call last):')).toBe('not JSON: "Traceback (most recent call last):"');
    expect(problem('{"type":"progress","step":1}')).toMatch(/type: Invalid type/);
    expect(problem('{"type":"checkpoint","path":"/r/ckpt.pt","best":"yes","step":3}')).toMatch(/^best: /);
    expect(problem('{"type":"sheet","path":"/r/s.png","step":-1}')).toMatch(/^step: /);
    expect(problem('{"type":"note","message":"hi","extra":1}')).toMatch(/^extra: /);
    expect(problem('[1, 2]')).toMatch(/Invalid type/);
  });

  it('refuses a start of another protocol version, naming both', () => {
    expect(problem('{"type":"start","protocol":2}')).toBe(`the trainer speaks protocol 2; this app reads ${PROTOCOL_VERSION}`);
  });

  it('does not parse a line longer than the limit', () => {
    expect(problem(`{"type":"note","message":"${'x'.repeat(MAX_LINE_CHARS)}"}`)).toMatch(/^a line of \d+ characters/);
  });
});
