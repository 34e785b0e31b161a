/**
 * Model artifacts: a JSON header plus named typed arrays, in one Uint8Array.
 * Layout: magic "TGM1", u32 header length, header JSON (utf-8), padding to 8 bytes, then each array's
 * bytes at the 8-aligned offset the header records. Little-endian, as on every machine we run on.
 */
type Typed = Int32Array | Uint32Array | Float32Array | Float64Array | Uint8Array | Int8Array | Uint16Array | Int16Array;
const CTORS = { Int32Array, Uint32Array, Float32Array, Float64Array, Uint8Array, Int8Array, Uint16Array, Int16Array } as const;
type CtorName = keyof typeof CTORS;
const MAGIC = 0x314d4754; // "TGM1"

interface Header {
  meta: unknown;
  arrays: { name: string; type: CtorName; offset: number; length: number }[];
}

const align8 = (n: number) => (n + 7) & ~7;

export function encodeArtifact(meta: unknown, arrays: Record<string, Typed>): Uint8Array {
  const entries = Object.entries(arrays);
  const header: Header = { meta, arrays: [] };
  let offset = 0;
  for (const [name, a] of entries) {
    header.arrays.push({ name, type: a.constructor.name as CtorName, offset, length: a.length });
    offset = align8(offset + a.byteLength);
  }
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = align8(8 + headerBytes.length);
  const out = new Uint8Array(dataStart + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  entries.forEach(([, a], i) => {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), dataStart + header.arrays[i].offset);
  });
  return out;
}

export function decodeArtifact<M = unknown>(bytes: Uint8Array): { meta: M; arrays: Record<string, Typed> } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8 || view.getUint32(0, true) !== MAGIC) throw new Error('not a Tastegraph model artifact');
  const hlen = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + hlen))) as Header;
  const dataStart = align8(8 + hlen);
  const arrays: Record<string, Typed> = {};
  for (const a of header.arrays) {
    const Ctor = CTORS[a.type];
    const byteLen = a.length * Ctor.BYTES_PER_ELEMENT;
    // copy into a fresh, aligned buffer: the source may be a Buffer slice at any offset
    const copy = new Uint8Array(byteLen);
    copy.set(bytes.subarray(dataStart + a.offset, dataStart + a.offset + byteLen));
    arrays[a.name] = new Ctor(copy.buffer);
  }
  return { meta: header.meta as M, arrays };
}
