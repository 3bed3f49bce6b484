import { describe, expect, it } from 'vitest';
import { mapImage, mapLegend, mapOnImage, rampColour } from './hole-maps';

// a 3×2 region, hole at pixels 1, 3 and 4; two chains
const mask = Uint8Array.of(0, 1, 0, 1, 1, 0);
const shape = { width: 3, height: 2, channels: 3, levels: 32 };
const maps = { entropy: Uint8Array.of(0, 255, 51, /* chain 1 */ 255, 0, 0), changes: Uint16Array.of(0, 4, 2, /* chain 1 */ 7, 7, 0) };
const pixel = (data: Uint8Array, p: number) => Array.from(data.subarray(p * 4, p * 4 + 4));

describe('hole maps', () => {
  it('colours each hole pixel of the chain by its value, and leaves the rest transparent', () => {
    const image = mapImage('uncertainty', maps, mask, shape, 0);
    expect(pixel(image.data, 0)[3]).toBe(0);
    expect(pixel(image.data, 1)).toEqual([...rampColour(0), 255]);
    expect(pixel(image.data, 3)).toEqual([...rampColour(1), 255]);
    expect(pixel(image.data, 4)).toEqual([...rampColour(0.2), 255]);
    expect(pixel(mapImage('uncertainty', maps, mask, shape, 1).data, 1)).toEqual([...rampColour(1), 255]); // the second chain's own values
  });

  it('scales uncertainty to C·log2 K bits and changes to the most any pixel has', () => {
    expect(mapLegend('uncertainty', maps, shape, 3, 0)).toMatchObject({ low: 0, high: 15, unit: 'bits/px' });
    expect(mapLegend('changes', maps, shape, 3, 0)).toMatchObject({ low: 0, high: 4, unit: 'changes' });
    expect(mapLegend('changes', maps, shape, 3, 1).high).toBe(7);
    expect(pixel(mapImage('changes', maps, mask, shape, 0).data, 4)).toEqual([...rampColour(0.5), 255]);
  });

  it('lays the region’s map into the full image at the region’s rectangle, stretched to it', () => {
    const image = mapImage('changes', maps, mask, shape, 0);
    const full = mapOnImage(image, { x: 2, y: 1, width: 6, height: 4 }, { width: 10, height: 6 });
    expect(full.width * full.height).toBe(60);
    const at = (x: number, y: number) => pixel(full.data, y * 10 + x);
    expect(at(0, 0)[3]).toBe(0); // outside the region
    expect(at(4, 1)).toEqual(pixel(image.data, 1)); // region (2, 0) → model (1, 0)
    expect(at(5, 2)).toEqual(pixel(image.data, 1));
    expect(at(2, 3)).toEqual(pixel(image.data, 3)); // region (0, 2) → model (0, 1)
    expect(at(8, 1)[3]).toBe(0); // past the rectangle's right side
  });

  it('runs the ramp from dark to yellow, clamped', () => {
    expect(rampColour(-1)).toEqual([68, 1, 84]);
    expect(rampColour(2)).toEqual([253, 231, 37]);
    expect(rampColour(Number.NaN)).toEqual([68, 1, 84]);
  });
});
