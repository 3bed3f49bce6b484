/** JSON with Uint8Array and Uint16Array support ({"$u8": base64}, {"$u16": base64 of its bytes}), for the e2e bridge's HTTP and SSE messages. Runs in Node and the browser. */

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const bytesOf = (v: Uint16Array) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

export const encode = (value: unknown): string =>
  JSON.stringify(value ?? null, (_key, v: unknown) =>
    v instanceof Uint8Array ? { $u8: toBase64(v) } : v instanceof Uint16Array ? { $u16: toBase64(bytesOf(v)) } : v,
  );

function revive(v: unknown): unknown {
  if (!v || typeof v !== 'object') return v;
  const { $u8, $u16 } = v as { $u8?: unknown; $u16?: unknown };
  if (typeof $u8 === 'string') return fromBase64($u8);
  if (typeof $u16 === 'string') return new Uint16Array(fromBase64($u16).buffer); // a fresh, aligned buffer
  return v;
}

export const decode = <T>(text: string): T => JSON.parse(text, (_key, v: unknown) => revive(v)) as T;
