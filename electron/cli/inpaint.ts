/** Headless inpainting: `npm run inpaint -- --image in.png --mask mask.png --out out.png`. */
import { main } from './main';

process.exitCode = await main(process.argv.slice(2), process.env, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
