/** A user's image or mask that cannot be used; the message names the file and what is wrong. */
export class ImageError extends Error {
  override name = 'ImageError';
}
