// Preloaded (node --require) into Electron's install.js by ensure-electron.ts. Node's fetch rejects
// with a bare "fetch failed" and install.js prints only the stack, which omits the cause (DNS,
// refused connection, TLS, proxy): print it on a line of its own for ensure-electron to read.
const realFetch = globalThis.fetch;

globalThis.fetch = async (...args) => {
  try {
    return await realFetch(...args);
  } catch (error) {
    const cause = error && error.cause;
    if (cause && cause.message) process.stderr.write(`fetch cause: ${cause.message}\n`);
    throw error;
  }
};
