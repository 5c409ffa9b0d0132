/**
 * Draws the app icons with plain Node (no image libraries) and writes them as
 * RGBA PNGs:
 *   appPackage/color.png    192x192: white check in a ring on a calm blue rounded square
 *   appPackage/outline.png  32x32:   the same glyph in white on transparent
 *
 * Shapes are signed-distance functions sampled 4x4 per pixel for smooth edges.
 * Usage: tsx test/tools/make-icons.ts
 */
import { deflateSync } from "node:zlib";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { APP_PACKAGE_DIR, crc32 } from "./package-app.js";

type Rgba = readonly [number, number, number, number];
/** Signed distance in pixels from (x, y) to a shape's edge: negative inside. */
type Shape = (x: number, y: number) => number;
interface Layer {
  shape: Shape;
  /** Colour at a point (for gradients); alpha 0–255. */
  color: (x: number, y: number) => Rgba;
}

// ---------------------------------------------------------------- shapes

export function roundedRect(cx: number, cy: number, halfW: number, halfH: number, r: number): Shape {
  return (x, y) => {
    const qx = Math.abs(x - cx) - (halfW - r);
    const qy = Math.abs(y - cy) - (halfH - r);
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
}

export function ring(cx: number, cy: number, radius: number, width: number): Shape {
  return (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - radius) - width / 2;
}

/** A polyline with round joins and caps. */
export function stroke(points: ReadonlyArray<readonly [number, number]>, width: number): Shape {
  return (x, y) => {
    let best = Infinity;
    for (let i = 0; i + 1 < points.length; i++) {
      const [ax, ay] = points[i] as readonly [number, number];
      const [bx, by] = points[i + 1] as readonly [number, number];
      const dx = bx - ax;
      const dy = by - ay;
      const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
      best = Math.min(best, Math.hypot(x - (ax + t * dx), y - (ay + t * dy)));
    }
    return best - width / 2;
  };
}

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    Math.min(...shapes.map((s) => s(x, y)));

// ---------------------------------------------------------------- rendering

const SUB = 4;

/** Renders layers back to front (source-over) into straight-alpha RGBA. */
export function render(size: number, layers: Layer[]): Buffer {
  const px = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0; // premultiplied accumulation
      for (const layer of layers) {
        let inside = 0;
        for (let sy = 0; sy < SUB; sy++) for (let sx = 0; sx < SUB; sx++) if (layer.shape(x + (sx + 0.5) / SUB, y + (sy + 0.5) / SUB) < 0) inside++;
        if (inside === 0) continue;
        const [cr, cg, cb, ca] = layer.color(x + 0.5, y + 0.5);
        const la = (ca / 255) * (inside / (SUB * SUB));
        r = cr * la + r * (1 - la);
        g = cg * la + g * (1 - la);
        b = cb * la + b * (1 - la);
        a = la + a * (1 - la);
      }
      const o = (y * size + x) * 4;
      if (a > 0) {
        px[o] = Math.round(r / a);
        px[o + 1] = Math.round(g / a);
        px[o + 2] = Math.round(b / a);
      }
      px[o + 3] = Math.round(a * 255);
    }
  }
  return px;
}

// ---------------------------------------------------------------- PNG

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** 8-bit RGBA, no interlace, filter type 0 on every row. */
export function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const raw = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

// ---------------------------------------------------------------- the icons

const WHITE: Rgba = [255, 255, 255, 255];
const TOP: Rgba = [52, 118, 186, 255]; // #3476BA
const BOTTOM: Rgba = [31, 84, 140, 255]; // #1F548C

/** The glyph (a ring with a check inside), scaled to a square of `size` centred at `c`. */
function glyph(c: number, size: number, ringWidth: number, checkWidth: number): Shape {
  const s = size / 100;
  const check: Array<readonly [number, number]> = [
    [c - 20 * s, c + 1 * s],
    [c - 6 * s, c + 15 * s],
    [c + 21 * s, c - 13 * s],
  ];
  return union(ring(c, c, 44 * s, ringWidth), stroke(check, checkWidth));
}

export function colorIcon(): Buffer {
  const size = 192;
  const background: Layer = {
    shape: roundedRect(96, 96, 96, 96, 36),
    color: (_x, y) => {
      const t = y / size;
      return [0, 1, 2].map((i) => Math.round((TOP[i] as number) * (1 - t) + (BOTTOM[i] as number) * t)).concat(255) as unknown as Rgba;
    },
  };
  const mark: Layer = { shape: glyph(96, 120, 9, 13), color: () => WHITE };
  return encodePng(size, size, render(size, [background, mark]));
}

export function outlineIcon(): Buffer {
  const size = 32;
  const mark: Layer = { shape: glyph(16, 30, 2, 2.6), color: () => WHITE };
  return encodePng(size, size, render(size, [mark]));
}

export function writeIcons(dir = APP_PACKAGE_DIR): void {
  writeFileSync(path.join(dir, "color.png"), colorIcon());
  writeFileSync(path.join(dir, "outline.png"), outlineIcon());
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  writeIcons();
  console.log(`Wrote ${path.join("appPackage", "color.png")} and ${path.join("appPackage", "outline.png")}`);
}
