// Run a model.onnx with onnxruntime-node: node ort_run.cjs '{"model","dir","inputs":{name:shape}}'.
// Reads DIR/<name>.bin (float32 LE), writes DIR/logits.bin, prints {"shape": [...]}; with "optimized": PATH,
// also writes the graph onnxruntime optimised to PATH.
const fs = require('node:fs');
const path = require('node:path');
const ort = require('onnxruntime-node');

async function main() {
  const spec = JSON.parse(process.argv[2]);
  // spec.optimized: also save the graph as onnxruntime optimised it (which kernels it runs)
  const options = spec.optimized ? { graphOptimizationLevel: 'all', optimizedModelFilePath: spec.optimized } : {};
  const session = await ort.InferenceSession.create(spec.model, { executionProviders: ['cpu'], ...options });
  const feeds = {};
  for (const [name, shape] of Object.entries(spec.inputs)) {
    const buf = fs.readFileSync(path.join(spec.dir, `${name}.bin`));
    const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    feeds[name] = new ort.Tensor('float32', data, shape);
  }
  const out = (await session.run(feeds)).logits;
  // optional timing: median wall time of `repeat` further runs (after the one above)
  const times = [];
  for (let i = 0; i < (spec.repeat ?? 0); i++) {
    const t0 = process.hrtime.bigint();
    await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const medianMs = times.length ? times[times.length >> 1] : null;
  fs.writeFileSync(path.join(spec.dir, 'logits.bin'), Buffer.from(out.data.buffer, out.data.byteOffset, out.data.byteLength));
  console.log(JSON.stringify({ shape: out.dims, medianMs }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
