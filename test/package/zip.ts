/**
 * Reads a zip's central directory and inflates its entries, checking each
 * entry's CRC and sizes against both the central and the local header.
 */
import { inflateRawSync } from "node:zlib";
import { crc32 } from "../tools/package-app.js";

export interface UnzippedEntry {
  name: string;
  method: number;
  data: Buffer;
}

export function unzip(zip: Buffer): UnzippedEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("no end-of-central-directory record");
  const count = zip.readUInt16LE(eocd + 10);
  const dirSize = zip.readUInt32LE(eocd + 12);
  let off = zip.readUInt32LE(eocd + 16);
  if (off + dirSize !== eocd) throw new Error("central directory size/offset do not match");
  const entries: UnzippedEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(off) !== 0x02014b50) throw new Error(`bad central header ${i}`);
    const method = zip.readUInt16LE(off + 10);
    const crc = zip.readUInt32LE(off + 16);
    const compSize = zip.readUInt32LE(off + 20);
    const size = zip.readUInt32LE(off + 24);
    const nameLen = zip.readUInt16LE(off + 28);
    const extraLen = zip.readUInt16LE(off + 30);
    const commentLen = zip.readUInt16LE(off + 32);
    const localOff = zip.readUInt32LE(off + 42);
    const name = zip.toString("utf8", off + 46, off + 46 + nameLen);
    off += 46 + nameLen + extraLen + commentLen;

    if (zip.readUInt32LE(localOff) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    if (zip.readUInt32LE(localOff + 14) !== crc || zip.readUInt32LE(localOff + 18) !== compSize) throw new Error(`local/central mismatch for ${name}`);
    const start = localOff + 30 + zip.readUInt16LE(localOff + 26) + zip.readUInt16LE(localOff + 28);
    const stored = zip.subarray(start, start + compSize);
    const data = method === 8 ? inflateRawSync(stored) : method === 0 ? Buffer.from(stored) : undefined;
    if (!data) throw new Error(`unsupported method ${method} for ${name}`);
    if (data.length !== size || crc32(data) !== crc) throw new Error(`CRC or size mismatch for ${name}`);
    entries.push({ name, method, data });
  }
  return entries;
}
