import { describe, expect, it } from 'vitest';
import { parseCard, parseCardText, type ModelCard } from './card';
import { fixtureCard, FIXTURE_DEFAULTS } from './testing/fixture';
import { ModelCardError } from './errors';

const FILE = 'models/x/card.json';
const valid = (): Record<string, unknown> => JSON.parse(JSON.stringify(fixtureCard('x', FIXTURE_DEFAULTS))) as Record<string, unknown>;
const withField = (pathInCard: string, value: unknown): Record<string, unknown> => {
  const card = valid();
  const keys = pathInCard.split('.');
  const last = keys.pop() as string;
  let target = card;
  for (const k of keys) target = target[k] as Record<string, unknown>;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return card;
};

describe('parseCard', () => {
  it('accepts the fixture card and keeps every field', () => {
    const card: ModelCard = parseCard(valid(), FILE);
    expect(card).toEqual(fixtureCard('x', FIXTURE_DEFAULTS));
  });

  it('names the file, field and value (the documented example)', () => {
    expect(() => parseCard(withField('levels', 1.5), FILE)).toThrow(
      'models/x/card.json: "levels" must be an integer 2…256, got 1.5',
    );
  });

  it.each([
    ['format', 2, '"format" must be one of 1, got 2'],
    ['id', 'a/b', '"id" must be letters'],
    ['title', undefined, '"title" is missing (must be a string)'],
    ['height', 0, '"height" must be an integer 1…4096, got 0'],
    ['channels', 2, '"channels" must be one of 1, 3, got 2'],
    ['levels', 257, '"levels" must be an integer 2…256'],
    ['quantisation.kind', 'log', '"quantisation.kind" must be one of "linear"'],
    ['quantisation.background', [0, 0], '"quantisation.background" must be 3 integers 0…255'],
    ['input.encoding', 'binary', '"input.encoding" must be one of "onehot", "scalar"'],
    ['input.layout', 'NCHW', '"input.layout" must be one of "NHWC"'],
    ['architecture', 'resnet', '"architecture" must be an object, got "resnet"'],
    ['architecture.kernel', 4, '"architecture.kernel" must be odd'],
    ['architecture.dilations', [1], '"architecture.dilations" must be 2 integers 1…64, got [1]'],
    ['parameters', -3, '"parameters" must be an integer ≥ 1'],
    ['data.licence', undefined, '"data.licence" is missing'],
    ['training.wallTimeSeconds', 'long', '"training.wallTimeSeconds" must be a number ≥ 0'],
    ['metrics', [], '"metrics" must be an object'],
    ['samples', [1], '"samples" must be an array of strings'],
    ['samples', ['../../../../etc/passwd'], '"samples.0" must be a plain file name in the samples folder, got "../../../../etc/passwd"'],
    ['samples', ['a.png', '/etc/passwd'], '"samples.1" must be a plain file name in the samples folder, got "/etc/passwd"'],
    ['samples', ['sub/a.png'], '"samples.0" must be a plain file name'],
    ['samples', ['sub\\a.png'], '"samples.0" must be a plain file name'],
    ['samples', ['..'], '"samples.0" must be a plain file name'],
    ['samples', ['.hidden.png'], '"samples.0" must be a plain file name'],
  ])('rejects a bad %s', (field, value, message) => {
    const attempt = () => parseCard(withField(field, value), FILE);
    expect(attempt).toThrow(ModelCardError);
    expect(attempt).toThrow(`${FILE}: ${message}`);
  });

  describe('a unet architecture', () => {
    const unet = (architecture: Record<string, unknown>, size = 8) => ({
      ...withField('architecture', { kind: 'unet', kernel: 3, ...architecture }),
      height: size,
      width: size,
    });

    it('is read with its widths and blocks per level', () => {
      expect(parseCard(unet({ widths: [4, 8, 16], blocks: [1, 0, 2] }), FILE).architecture).toEqual({ kind: 'unet', widths: [4, 8, 16], blocks: [1, 0, 2], kernel: 3 });
    });

    it.each([
      [{ widths: [4], blocks: [1] }, '"architecture.widths" must be 2…5 integers 1…4096, got [4]'],
      [{ widths: [4, 8], blocks: [1] }, '"architecture.blocks" must be 2 integers 0…64, got [1]'],
      [{ widths: [4, 8, 16], blocks: [1, 1, 1], kernel: 2 }, '"architecture.kernel" must be odd'],
    ])('rejects %j', (architecture, message) => {
      expect(() => parseCard(unet(architecture), FILE)).toThrow(`${FILE}: ${message}`);
    });

    it('needs sides its levels can halve', () => {
      expect(() => parseCard(unet({ widths: [4, 8, 16], blocks: [1, 1, 1] }, 6), FILE)).toThrow(
        `${FILE}: "height" must be a multiple of 4 (the unet's levels halve it 2 times), got 6`,
      );
    });
  });

  describe('variants', () => {
    const INT8 = { file: 'model.int8.onnx', nllChangePercent: 0.615, speedUp: 1.78, measuredBy: 'docs/quantisation.json' };

    it('reads an int8 variant with its measured cost', () => {
      expect(parseCard(withField('variants', { int8: INT8 }), FILE).variants).toEqual({ int8: INT8 });
    });

    it('defaults to none', () => {
      expect(parseCard(withField('variants', undefined), FILE).variants).toEqual({});
    });

    it.each([
      [{ fp16: INT8 }, '"variants.fp16" is not a known variant (only "int8"), got'],
      [{ int8: 'model.int8.onnx' }, '"variants.int8" must be an object'],
      [{ int8: { ...INT8, file: '../model.onnx' } }, '"variants.int8.file" must be a plain file name in the model folder'],
      [{ int8: { ...INT8, file: '/etc/passwd' } }, '"variants.int8.file" must be a plain file name'],
      [{ int8: { ...INT8, file: '.hidden.onnx' } }, '"variants.int8.file" must be a plain file name'],
      [{ int8: { ...INT8, file: 'model.onnx' } }, '"variants.int8.file" must be a plain file name in the model folder, other than card.json and model.onnx'],
      [{ int8: { ...INT8, file: 'card.json' } }, '"variants.int8.file" must be a plain file name'],
      [{ int8: { ...INT8, speedUp: 0 } }, '"variants.int8.speedUp" must be a number > 0, got 0'],
      [{ int8: { ...INT8, nllChangePercent: 'small' } }, '"variants.int8.nllChangePercent" must be a number'],
      [{ int8: { ...INT8, measuredBy: undefined } }, '"variants.int8.measuredBy" is missing'],
    ])('rejects %j', (variants, message) => {
      expect(() => parseCard(withField('variants', variants), FILE)).toThrow(`${FILE}: ${message}`);
    });
  });

  it('defaults optional metrics and samples', () => {
    const card = parseCard(withField('samples', undefined), FILE);
    expect(card.samples).toEqual([]);
  });

  it('rejects malformed JSON and non-objects, naming the file', () => {
    expect(() => parseCardText('{"id": ', FILE)).toThrow(/^models\/x\/card\.json: is not valid JSON/);
    expect(() => parseCard([1], FILE)).toThrow(`${FILE}: must hold a JSON object`);
  });
});
