import type { RgbaImage } from './png';

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;
/** Glyph width plus one blank column between characters. */
const ADVANCE = GLYPH_WIDTH + 1;

/**
 * A 5×7 font for labels on exported images. Each glyph is 7 base-32 digits, one per row from the
 * top; a digit's 5 bits are the row's pixels, high bit leftmost ('e' = 01110 = .###.).
 */
const GLYPHS: Record<string, string> = {
  A: 'ehhvhhh', B: 'uhhuhhu', C: 'ehggghe', D: 'sihhhis', E: 'vgguggv', F: 'vgguggg', G: 'ehgnhhf', H: 'hhhvhhh',
  I: 'e44444e', J: '72222ic', K: 'hikokih', L: 'ggggggv', M: 'hrllhhh', N: 'hhpljhh', O: 'ehhhhhe', P: 'uhhuggg',
  Q: 'ehhhlid', R: 'uhhukih', S: 'fgge11u', T: 'v444444', U: 'hhhhhhe', V: 'hhhhha4', W: 'hhhllla', X: 'hha4ahh',
  Y: 'hha4444', Z: 'v1248gv', a: '00e1fhf', b: 'ggmphhu', c: '00egghe', d: '11djhhf', e: '00ehvge', f: '698s888',
  g: '0fhhf1e', h: 'ggmphhh', i: '40c444e', j: '20622ic', k: 'ggikoki', l: 'c44444e', m: '00qllhh', n: '00mphhh',
  o: '00ehhhe', p: '00uhugg', q: '0djhf11', r: '00mpggg', s: '00ege1u', t: '88s8896', u: '00hhhjd', v: '00hhha4',
  w: '00hhlla', x: '00ha4ah', y: '0hhhf1e', z: '00v248v', '0': 'ehjlphe', '1': '4c4444e', '2': 'eh1248v', '3': 'v2421he',
  '4': '26aiv22', '5': 'vgu11he', '6': '68guhhe', '7': 'v124888', '8': 'ehhehhe', '9': 'ehhf12c', ' ': '0000000', '.': '00000cc',
  ',': '0000c48', ':': '0cc0cc0', ';': '0cc0c48', '=': '00v0v00', '+': '044v440', '-': '000e000', '–': '000v000', '_': '000000v', '/': '01248g0',
  '(': '2488842', ')': '8422248', '[': 'e88888e', ']': 'e22222e', '%': 'op248j3', '!': '4444404', '?': 'eh12404', '<': '248g842',
  '>': '8421248', '*': '04lel40', "'": '4480000', '×': '0ha4ah0', '→': '042v240', '·': '0004000', 'α': '00diiid',
  'η': '0mphhh1', 'τ': '00v4443',
};

/** An outlined box, drawn for characters the font lacks so they show up rather than vanish. */
const MISSING = 'vhhhhhv';

/** The rows of a character's glyph as 5-bit masks. */
export function glyphRows(char: string): number[] {
  return [...(GLYPHS[char] ?? MISSING)].map((digit) => parseInt(digit, 32));
}

/** The size of `text` drawn at `scale`: one blank column between characters, none after the last. */
export function measureText(text: string, scale = 1): { width: number; height: number } {
  const count = [...text].length; // code points, so × and → count once
  return { width: count === 0 ? 0 : (count * ADVANCE - 1) * scale, height: GLYPH_HEIGHT * scale };
}

/** Fills a scale×scale block, clipped to the image. */
function fillBlock(image: RgbaImage, x: number, y: number, scale: number, rgba: readonly number[]): void {
  for (let py = Math.max(y, 0); py < Math.min(y + scale, image.height); py++) {
    for (let px = Math.max(x, 0); px < Math.min(x + scale, image.width); px++) image.data.set(rgba, (py * image.width + px) * 4);
  }
}

/** Draws `text` in place with its top-left corner at (x, y), each font pixel a scale×scale block; clipped to the image. */
export function drawText(image: RgbaImage, text: string, x: number, y: number, colour: readonly [number, number, number], scale = 1): void {
  const rgba = [...colour, 255];
  [...text].forEach((char, i) => {
    glyphRows(char).forEach((row, gy) => {
      for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
        if (row & (1 << (GLYPH_WIDTH - 1 - gx))) fillBlock(image, x + (i * ADVANCE + gx) * scale, y + gy * scale, scale, rgba);
      }
    });
  });
}
