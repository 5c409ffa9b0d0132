/**
 * A small PNG reader for tests: checks the signature and chunk CRCs, reads
 * IHDR, and decodes 8-bit RGBA/RGB (non-interlaced, any row filter) to RGBA.
 */
import { inflateSync } from "node:zlib";
import { crc32 } from "../tools/package-app.js";

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  chunks: string[];
}

export interface DecodedPng extends PngInfo {
  /** Straight-alpha RGBA, row by row. */
  rgba: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function readPng(png: Buffer): { info: PngInfo; idat: Buffer } {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG (bad signature)");
  const chunks: string[] = [];
  const idat: Buffer[] = [];
  let ihdr: Buffer | undefined;
  let off = 8;
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString("ascii", off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    const crc = png.readUInt32BE(off + 8 + len);
    if (crc !== crc32(png.subarray(off + 4, off + 8 + len))) throw new Error(`bad CRC in ${type} chunk`);
    chunks.push(type);
    if (type === "IHDR") ihdr = data;
    if (type === "IDAT") idat.push(data);
    off += 12 + len;
    if (type === "IEND") break;
  }
  if (!ihdr || chunks[0] !== "IHDR") throw new Error("IHDR must be the first chunk");
  if (chunks[chunks.length - 1] !== "IEND") throw new Error("missing IEND");
  return {
    info: {
      width: ihdr.readUInt32BE(0),
      height: ihdr.readUInt32BE(4),
      bitDepth: ihdr[8] as number,
      colorType: ihdr[9] as number,
      interlace: ihdr[12] as number,
      chunks,
    },
    idat: Buffer.concat(idat),
  };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(png: Buffer): DecodedPng {
  const { info, idat } = readPng(png);
  if (info.bitDepth !== 8 || (info.colorType !== 6 && info.colorType !== 2) || info.interlace !== 0)
    throw new Error(`unsupported PNG format: depth ${info.bitDepth}, colour type ${info.colorType}, interlace ${info.interlace}`);
  const bpp = info.colorType === 6 ? 4 : 3;
  const stride = info.width * bpp;
  const raw = inflateSync(idat);
  if (raw.length !== info.height * (stride + 1)) throw new Error("IDAT size does not match IHDR");
  const pixels = Buffer.alloc(info.height * stride);
  for (let y = 0; y < info.height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x] as number;
      const a = x >= bpp ? (pixels[y * stride + x - bpp] as number) : 0;
      const b = y > 0 ? (pixels[(y - 1) * stride + x] as number) : 0;
      const c = x >= bpp && y > 0 ? (pixels[(y - 1) * stride + x - bpp] as number) : 0;
      const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (pred === undefined) throw new Error(`bad row filter ${filter}`);
      pixels[y * stride + x] = (v + pred) & 0xff;
    }
  }
  if (bpp === 4) return { ...info, rgba: pixels };
  const rgba = Buffer.alloc(info.width * info.height * 4);
  for (let i = 0; i < info.width * info.height; i++) {
    pixels.copy(rgba, i * 4, i * 3, i * 3 + 3);
    rgba[i * 4 + 3] = 255;
  }
  return { ...info, rgba };
}
