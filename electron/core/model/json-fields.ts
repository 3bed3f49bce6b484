import { ModelCardError } from './errors';

/** A parsed JSON value (what JSON.parse can return). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

const describe = (value: JsonValue | undefined): string => {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Typed reads of one JSON object's fields. Every failure throws a ModelCardError naming the
 * file and the dotted field path (`architecture.dilations`), and shows the offending value.
 */
export class JsonFields {
  constructor(
    readonly file: string,
    private readonly value: JsonObject,
    private readonly prefix = '',
  ) {}

  fail(key: string, expectation: string): never {
    const got = this.value[key];
    const detail = got === undefined ? `is missing (${expectation})` : `${expectation}, got ${describe(got)}`;
    throw new ModelCardError(this.file, this.path(key), detail);
  }

  path(key: string): string {
    return `${this.prefix}${key}`;
  }

  keys(): string[] {
    return Object.keys(this.value);
  }

  has(key: string): boolean {
    return this.value[key] !== undefined;
  }

  object(key: string): JsonFields {
    const got = this.value[key];
    if (!isJsonObject(got)) this.fail(key, 'must be an object');
    return new JsonFields(this.file, got, `${this.path(key)}.`);
  }

  raw(key: string): JsonValue | undefined {
    return this.value[key];
  }

  string(key: string): string {
    const got = this.value[key];
    if (typeof got !== 'string') this.fail(key, 'must be a string');
    return got;
  }

  literal<T extends string | number>(key: string, allowed: readonly T[]): T {
    const got = this.value[key];
    const found = allowed.find((a) => a === got);
    if (found === undefined) this.fail(key, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
    return found;
  }

  integer(key: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const got = this.value[key];
    if (!isIntegerIn(got, min, max)) this.fail(key, `must be an integer ${rangeText(min, max)}`);
    return got;
  }

  number(key: string, min: number): number {
    const got = this.value[key];
    if (typeof got !== 'number' || !Number.isFinite(got) || got < min) this.fail(key, `must be a number ≥ ${min}`);
    return got;
  }

  /** `length`: exact, or an inclusive [shortest, longest]. */
  integerArray(key: string, length: number | readonly [number, number], min: number, max = Number.MAX_SAFE_INTEGER): number[] {
    const got = this.value[key];
    const [shortest, longest] = typeof length === 'number' ? [length, length] : length;
    const ok =
      Array.isArray(got) && got.length >= shortest && got.length <= longest && got.every((v) => isIntegerIn(v, min, max));
    if (!ok) this.fail(key, `must be ${shortest === longest ? shortest : `${shortest}…${longest}`} integers ${rangeText(min, max)}`);
    return [...(got as readonly number[])];
  }

  stringArray(key: string): string[] {
    const got = this.value[key];
    if (!Array.isArray(got) || !got.every((v) => typeof v === 'string')) this.fail(key, 'must be an array of strings');
    return [...(got as readonly string[])];
  }
}

const isIntegerIn = (value: JsonValue | undefined, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

const rangeText = (min: number, max: number): string =>
  max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `${min}…${max}`;
