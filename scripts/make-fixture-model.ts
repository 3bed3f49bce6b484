/**
 * Write a random-weight model folder (for tests, demos and benchmarks without training).
 * Usage: tsx scripts/make-fixture-model.ts <dir> [--height 28] [--width 28] [--channels 1]
 *        [--levels 2] [--encoding onehot|scalar] [--features 64] [--blocks 3] [--kernel 3] [--seed 1]
 */
import { parseArgs } from 'node:util';
import { writeRandomModel } from '../electron/core/model/testing/fixture';

const KEYS = ['height', 'width', 'channels', 'levels', 'encoding', 'features', 'blocks', 'kernel', 'seed'];
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: Object.fromEntries(KEYS.map((k) => [k, { type: 'string' }])) as Record<string, { type: 'string' }>,
});
const dir = positionals[0];
if (!dir) {
  console.error('usage: tsx scripts/make-fixture-model.ts <dir> [--features 64 --blocks 3 ...]');
  process.exit(2);
}
const options = Object.fromEntries(
  Object.entries(values)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([k, v]) => [k, k === 'encoding' ? v : Number(v)]),
);
const card = await writeRandomModel(dir, options);
console.log(`wrote ${dir}: ${card.parameters} parameters`);
