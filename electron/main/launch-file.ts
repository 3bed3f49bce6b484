import path from 'node:path';

/** Extensions the app opens from the command line and the OS (electron-builder.yml's fileAssociations). */
export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp'] as const;

/**
 * The image named on a command line (`gibbs-inpaint photo.png`, or the OS opening a file with
 * us): the last argument with an image extension, resolved against the caller's folder. Flags and
 * Electron's own arguments (the app path in development) are skipped.
 */
export function imageArgument(argv: readonly string[], cwd: string): string | null {
  for (let i = argv.length - 1; i >= 1; i--) {
    const arg = argv[i]!;
    if (arg.startsWith('-')) continue;
    const ext = path.extname(arg).slice(1).toLowerCase();
    if ((IMAGE_EXTENSIONS as readonly string[]).includes(ext)) return path.resolve(cwd, arg);
  }
  return null;
}
