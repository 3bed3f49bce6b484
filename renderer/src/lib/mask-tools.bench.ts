/**
 * The mask tools on a 4000×3000 picture (`npx vitest bench --run renderer/src/lib/mask-tools.bench.ts`):
 * a typical hole (a 1000×800 blob) and the worst case (a hole over the whole picture). Never asserted.
 */
import { bench, describe } from 'vitest';
import { alphaSelection } from './mask-alpha';
import { growMask, shrinkMask } from './mask-distance';
import { rasterisePolygon } from './mask-polygon';
import { combineSelection } from './mask-selection';
import { wandSelect } from './mask-wand';

const size = { width: 4000, height: 3000 };
const N = size.width * size.height;
const blob = new Uint8Array(N);
for (let y = 1100; y < 1900; y++) blob.fill(1, y * size.width + 1500, y * size.width + 2500);
const whole = new Uint8Array(N).fill(1);
whole[1500 * size.width + 2000] = 0; // one context pixel: the whole picture is within reach of it
// a photo-like picture: a smooth gradient with noise; the wand's colour spreads over about a quarter of it
const data = new Uint8Array(N * 4);
for (let i = 0; i < N; i++) data.set([(i % size.width) >> 4, (i / size.width) >> 4, 90 + (i % 7), 255], i * 4);
const image = { ...size, data };
const lasso = Array.from({ length: 2000 }, (_, k) => {
  const t = (2 * Math.PI * k) / 2000;
  return { x: 2000 + 1900 * Math.cos(t) * (1 + 0.05 * Math.sin(40 * t)), y: 1500 + 1400 * Math.sin(t) };
});
const everything = rasterisePolygon([{ x: 0, y: 0 }, { x: 4000, y: 0 }, { x: 4000, y: 3000 }, { x: 0, y: 3000 }], size)!;

const options = { iterations: 5, warmupIterations: 1, time: 0 };
describe('4000×3000', () => {
  bench('grow 16 px, 1000×800 hole', () => void growMask(blob, size, 16), options);
  bench('shrink 16 px, 1000×800 hole', () => void shrinkMask(blob, size, 16), options);
  bench('grow 16 px, whole-picture hole', () => void growMask(whole, size, 16), options);
  bench('shrink 16 px, whole-picture hole', () => void shrinkMask(whole, size, 16), options);
  bench('wand contiguous (a quarter of the picture)', () => void wandSelect(image, 10, 10, { tolerance: 100, contiguous: true }), options);
  bench('wand global', () => void wandSelect(image, 10, 10, { tolerance: 100, contiguous: false }), options);
  bench('lasso of 2000 points over the picture', () => void rasterisePolygon(lasso, size), options);
  bench('mask from alpha', () => void alphaSelection(image, 0), options);
  bench('add a whole-picture selection to the mask', () => void combineSelection(blob, size, everything, 'add'), options);
});
