/** JSON with Uint8Array support ({"$u8": base64}), for the e2e bridge's HTTP and SSE messages. Runs in Node and the browser. */

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

export const encode = (value: unknown): string =>
  JSON.stringify(value ?? null, (_key, v: unknown) => (v instanceof Uint8Array ? { $u8: toBase64(v) } : v));

export const decode = <T>(text: string): T =>
  JSON.parse(text, (_key, v: unknown) =>
    v && typeof v === 'object' && typeof (v as { $u8?: unknown }).$u8 === 'string' ? fromBase64((v as { $u8: string }).$u8) : v,
  ) as T;
