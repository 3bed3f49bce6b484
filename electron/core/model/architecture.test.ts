import { describe, expect, it } from 'vitest';
import { convLayers, forwardFlops, parameterCount } from './architecture';
import { fixtureCard, FIXTURE_DEFAULTS } from './testing/fixture';

describe('architecture', () => {
  const unet = fixtureCard('u', { ...FIXTURE_DEFAULTS, channels: 1, levels: 2, height: 8, width: 8, unet: { widths: [4, 6], blocks: [1, 0] } });

  it('lists a U-Net\'s convs in forward order, with their levels', () => {
    expect(convLayers(unet).map((l) => `${l.name}:${l.kind}@${l.level}`)).toEqual([
      'stem:same@0',
      'down.0.blocks.0.conv1:same@0',
      'down.0.blocks.0.conv2:same@0',
      'down.0.strided:down@0',
      'up.0.transposed:up@0',
      'up.0.blocks.0.conv1:same@0',
      'up.0.blocks.0.conv2:same@0',
      'head:same@0',
    ]);
    // stem 3·4·9+4, four 4·4·9+4 convs, 4·6·4+6 down, 6·4·4+4 up, head 4·2+2
    expect(parameterCount(unet)).toBe(112 + 4 * 148 + 102 + 100 + 10);
  });

  it('counts FLOPs per conv at its own resolution', () => {
    // 64 pixels at level 0 for the same convs; 16 coarse pixels for the 2×2 stride-2 convs
    const same = 64 * (3 * 4 * 9 + 4 * 4 * 4 * 9 + 4 * 2);
    const resample = 16 * (4 * 6 * 4 + 6 * 4 * 4);
    expect(forwardFlops(unet)).toBe(2 * (same + resample));
    const resnet = fixtureCard('r', { ...FIXTURE_DEFAULTS, channels: 1, levels: 2, features: 4, blocks: 1 });
    expect(forwardFlops(resnet, 5, 7)).toBe(2 * 35 * (3 * 4 * 9 + 2 * 4 * 4 * 9 + 4 * 2));
  });
});
