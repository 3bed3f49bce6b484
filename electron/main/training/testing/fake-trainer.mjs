// A stand-in for `python3 -m models.training train --progress jsonl`: prints scripted protocol
// lines for the job runner's tests. Usage: node fake-trainer.mjs SCENARIO
import fs from 'node:fs';
import path from 'node:path';

const scenario = process.argv[2];
const say = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
const start = {
  type: 'start', protocol: 1, device: 'cpu', hardware: 'fake CPU', processes: 1, run: '/runs/r', examples: 9, validation: 1,
  validationExamples: 16, skipped: 0, exampleMode: 'crop', size: [8, 8], channels: 3, levels: 4, base: 'emoji-64',
  parameters: 1000, steps: 100, minutes: null, resumedFrom: null,
};
const step = (n) => ({ type: 'step', step: n, loss: 2 - n / 100, lossNats: 300, lr: 1e-4, stepsPerSecond: 20, elapsed: n / 20, eta: 5 });
const checkpoint = (n) => ({ type: 'checkpoint', path: '/runs/r/ckpt.pt', best: false, step: n });

const scenarios = {
  progress() {
    say(start);
    say(step(1));
    process.stdout.write('a stray print from a library\n');
    say({ type: 'validation', step: 1, nll: 1.9, nllNats: 290, best: 1.9 });
    say({ type: 'checkpoint', path: '/runs/r/best.pt', best: true, step: 1 });
    say({ type: 'done', model: '/models/mine', run: '/runs/r', steps: 1, best: 1.9, base: 2.1 });
  },
  chunks() {
    // one message in three writes, CRLF line ends, a multi-byte character split between writes
    const bytes = Buffer.from(`${JSON.stringify({ type: 'note', message: 'café ✓' })}\r\n`);
    const cut = bytes.indexOf(Buffer.from('✓')) + 1;
    process.stdout.write(bytes.subarray(0, 10));
    setTimeout(() => process.stdout.write(bytes.subarray(10, cut)), 20);
    setTimeout(() => {
      process.stdout.write(bytes.subarray(cut));
      process.stdout.write(`${'x'.repeat(70000)}\n`);
      say({ type: 'done', model: null, run: '/runs/r', steps: 0, best: null, base: null });
    }, 40);
  },
  crash() {
    say(start);
    say(step(1));
    process.stderr.write('Traceback (most recent call last):\n  File "train.py", line 1\nRuntimeError: CUDA out of memory\n');
    process.exitCode = 1;
  },
  error() {
    say({ type: 'error', message: '--data-dir /pics: no images' });
    process.stderr.write('SystemExit: --data-dir /pics: no images\n');
    process.exitCode = 1;
  },
  cancel() {
    say(start);
    let n = 0;
    const timer = setInterval(() => say(step(++n)), 20);
    process.on('SIGTERM', () => {
      clearInterval(timer);
      say(checkpoint(n));
      say({ type: 'cancelled', step: n, checkpoint: '/runs/r/ckpt.pt', best: null, reason: 'signal' });
      process.exit(0);
    });
  },
  stubborn() {
    // the handler first: once `start` is out, the parent may cancel before the next line runs
    process.on('SIGTERM', () => say({ type: 'note', message: 'finishing a long validation' }));
    say(start);
    setInterval(() => {}, 1000);
  },
  // `cli -m models.training train|preview|export …`: the manager's tests run it in Python's place
  cli() {
    const args = process.argv.slice(3);
    const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
    const command = args[2];
    if (command === 'preview') {
      const dataDir = flag('--data-dir');
      if (dataDir.endsWith('empty')) {
        say({ type: 'error', message: `--data-dir ${dataDir}: no images` });
        process.exitCode = 1;
        return;
      }
      const out = flag('--out');
      const examples = [0, 1].map((i) => path.join(out, `example-${i}.png`));
      examples.forEach((file, i) => fs.writeFileSync(file, Buffer.from([137, 80, 78, 71, i])));
      say({ type: 'preview', images: 5, training: 4, validation: 1, skipped: [{ file: 'bad.png', reason: 'not a readable image' }], size: [8, 8], channels: 3, levels: 4, examples });
      return;
    }
    const run = flag('--out');
    if (command === 'export') {
      const model = path.join(flag('--models-dir'), flag('--id'));
      fs.mkdirSync(model, { recursive: true });
      fs.writeFileSync(path.join(model, 'card.json'), JSON.stringify({ from: path.join(flag('--run'), 'best.pt') }));
      return;
    }
    const steps = Number(flag('--steps') ?? 5);
    let n = args.includes('--resume') ? Number(fs.readFileSync(path.join(run, 'ckpt.pt'), 'utf8')) : 0;
    say({ ...start, run, steps, base: flag('--base') ?? null, resumedFrom: args.includes('--resume') ? n : null });
    say({ type: 'skipped', file: 'bad.png', reason: 'not a readable image' });
    const checkpointed = () => {
      fs.writeFileSync(path.join(run, 'ckpt.pt'), String(n));
      say(checkpoint(n));
    };
    const timer = setInterval(() => {
      n += 1;
      say(step(n));
      if (n % 2 === 0) {
        say({ type: 'validation', step: n, nll: 2 - n / 100, nllNats: 290, best: 2 - n / 100 });
        fs.writeFileSync(path.join(run, 'best.pt'), String(n));
        say({ type: 'checkpoint', path: path.join(run, 'best.pt'), best: true, step: n });
        checkpointed();
      }
      if (n === 3 && flag('--data-dir').endsWith('full') && !args.includes('--resume')) {
        clearInterval(timer);
        say({ type: 'error', message: `could not write ${run}/ckpt.pt (No space left on device); the previous checkpoint is kept` });
        process.exit(1);
      }
      if (n < steps) return;
      clearInterval(timer);
      const model = flag('--model-out');
      fs.mkdirSync(model, { recursive: true });
      fs.writeFileSync(path.join(model, 'card.json'), '{}');
      say({ type: 'done', model, run, steps: n, best: 1.9, base: null });
    }, 15);
    process.on('SIGTERM', () => {
      clearInterval(timer);
      checkpointed();
      say({ type: 'cancelled', step: n, checkpoint: path.join(run, 'ckpt.pt'), best: null, reason: 'signal' });
      process.exit(0);
    });
  },
};
scenarios[scenario]();
