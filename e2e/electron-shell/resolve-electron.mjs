// Module resolve hook: `import … from 'electron'` gets the fake (data.fake, a file URL).
let fake;

export function initialize(data) {
  fake = data.fake;
}

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: fake, shortCircuit: true };
  return next(specifier, context);
}
