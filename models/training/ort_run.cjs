// Run a model.onnx with onnxruntime-node: node ort_run.cjs '{"model","dir","inputs":{name:shape}}'.
// Reads DIR/<name>.bin (float32 LE), writes DIR/logits.bin, prints {"shape": [...]}.
const fs = require('node:fs');
const path = require('node:path');
const ort = require('onnxruntime-node');

async function main() {
  const spec = JSON.parse(process.argv[2]);
  const session = await ort.InferenceSession.create(spec.model, { executionProviders: ['cpu'] });
  const feeds = {};
  for (const [name, shape] of Object.entries(spec.inputs)) {
    const buf = fs.readFileSync(path.join(spec.dir, `${name}.bin`));
    const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    feeds[name] = new ort.Tensor('float32', data, shape);
  }
  const out = (await session.run(feeds)).logits;
  fs.writeFileSync(path.join(spec.dir, 'logits.bin'), Buffer.from(out.data.buffer, out.data.byteOffset, out.data.byteLength));
  console.log(JSON.stringify({ shape: out.dims }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
