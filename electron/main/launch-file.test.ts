import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageArgument } from './launch-file';

describe('imageArgument', () => {
  it('takes the last image argument, resolved against the caller’s folder', () => {
    expect(imageArgument(['/opt/gibbs/gibbs-inpaint', 'a.png', 'sub/b.JPG'], '/home/u')).toBe(path.resolve('/home/u/sub/b.JPG'));
    expect(imageArgument(['electron', '.', '/tmp/x.webp'], '/repo')).toBe('/tmp/x.webp');
  });

  it('skips flags, the executable and non-images', () => {
    expect(imageArgument(['/opt/gibbs/gibbs-inpaint', '--no-sandbox', 'notes.txt'], '/')).toBeNull();
    expect(imageArgument(['photo.png'], '/')).toBeNull(); // argv[0] is the executable, never a document
    expect(imageArgument(['app', '--inspect=x.png'], '/')).toBeNull();
  });
});
