import { expect } from 'vitest';
import { ImageError } from '../image-error';
import { JS_INTERNALS } from './bad-pngs';

/** What every refusal must look like: an ImageError of one line, naming the file, in the decoder's words rather than JavaScript's. */
export function expectCleanRefusal(error: unknown, name: string): void {
  expect(error).toBeInstanceOf(ImageError);
  const { message } = error as ImageError;
  expect(message.startsWith(`${name}: `)).toBe(true);
  expect(message).not.toMatch(/\n/);
  expect(message).not.toMatch(JS_INTERNALS);
}
