/**
 * Builds the Teams app package without the toolkit:
 *   appPackage/build/appPackage.<env>.zip  (manifest.json, color.png, outline.png, en-us.json)
 *   appPackage/build/manifest.<env>.json   (the manifest with placeholders filled in)
 *
 * Usage:
 *   tsx test/tools/package-app.ts [--env-file env/.env.dev] [--env dev] [--out-dir appPackage/build]
 *
 * `${{NAME}}` placeholders (the toolkit's syntax) are filled from the process
 * environment first, then from the env file; a variable set in the shell wins,
 * as with dotenv. Any placeholder left without a value stops the build with a
 * message naming it. The env name defaults to the env file's suffix
 * (env/.env.dev → dev), else TEAMSFX_ENV, else "local".
 *
 * The zip is written with node:zlib only (deflate + a plain central directory),
 * so packaging needs no dependency beyond Node.
 */
import { deflateRawSync } from "node:zlib";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const APP_PACKAGE_DIR = path.join(REPO_ROOT, "appPackage");

/** Files that go into the package besides manifest.json, in this order. */
export const PACKAGE_FILES = ["color.png", "outline.png", "en-us.json"] as const;

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export class PackageError extends Error {
  override name = "PackageError";
}

// ---------------------------------------------------------------- env files

/** Parses a toolkit/dotenv style file: KEY=VALUE lines, `#` comments, optional quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2] ?? "";
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2] ?? "";
    else value = value.replace(/\s+#.*$/, "").trim();
    out[m[1] as string] = value;
  }
  return out;
}

/** Placeholder names used in a text, each once, in order of first use. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string))];
}

/** Replaces every `${{NAME}}`; throws naming all that have no (non-empty) value. */
export function substitutePlaceholders(text: string, vars: Record<string, string | undefined>, source = "manifest"): string {
  const missing = placeholdersIn(text).filter((name) => !vars[name]);
  if (missing.length > 0) {
    throw new PackageError(
      `Unresolved placeholder${missing.length > 1 ? "s" : ""} in ${source}: ${missing.map((n) => `\${{${n}}}`).join(", ")}. ` +
        `Set ${missing.join(", ")} in the environment or in the env file (see env/README.md).`,
    );
  }
  return text.replace(PLACEHOLDER, (_, name: string) => vars[name] as string);
}

// ---------------------------------------------------------------- zip writer

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE), as used by zip and PNG. */
export function crc32(data: Uint8Array, seed = 0): number {
  let c = (seed ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = (CRC_TABLE[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** DOS date/time of a fixed moment, so that the same inputs give the same bytes. */
const DOS_TIME = 0; // 00:00:00
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1; // 2024-01-01

/** A minimal zip (no zip64, no data descriptors): each entry deflated, then the central directory. */
export function createZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, "utf8");
    const compressed = deflateRawSync(data, { level: 9 });
    const crc = crc32(data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); // local file header signature
    local.writeUInt16LE(20, 4); // version needed (2.0: deflate)
    local.writeUInt16LE(0x0800, 6); // flags: names are UTF-8
    local.writeUInt16LE(8, 8); // method: deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    locals.push(local, nameBytes, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); // central directory header signature
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    // extra length, comment length, disk number, internal attrs, external attrs: all 0
    central.writeUInt32LE(offset, 42); // offset of the local header
    centrals.push(central, nameBytes);

    offset += local.length + nameBytes.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); // end of central directory signature
  end.writeUInt16LE(entries.length, 8); // entries on this disk
  end.writeUInt16LE(entries.length, 10); // entries in total
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16); // where the directory starts
  return Buffer.concat([...locals, directory, end]);
}

// ---------------------------------------------------------------- the package

export interface BuildOptions {
  /** Environment name used in the output file names. */
  envName: string;
  /** Values for the placeholders. */
  vars: Record<string, string | undefined>;
  /** Defaults to appPackage/. */
  sourceDir?: string;
  /** Defaults to <sourceDir>/build. */
  outDir?: string;
}

export interface BuildResult {
  zipPath: string;
  manifestPath: string;
  manifest: Record<string, unknown>;
  entries: string[];
}

export function buildAppPackage(opts: BuildOptions): BuildResult {
  if (!/^[A-Za-z0-9_-]+$/.test(opts.envName)) throw new PackageError(`Invalid env name "${opts.envName}" (letters, digits, - and _ only).`);
  const sourceDir = opts.sourceDir ?? APP_PACKAGE_DIR;
  const outDir = opts.outDir ?? path.join(sourceDir, "build");

  const manifestText = substitutePlaceholders(readFileSync(path.join(sourceDir, "manifest.json"), "utf8"), opts.vars, "appPackage/manifest.json");
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(manifestText) as Record<string, unknown>;
  } catch (err) {
    throw new PackageError(`appPackage/manifest.json is not valid JSON after substitution: ${(err as Error).message}`);
  }

  const entries: ZipEntry[] = [{ name: "manifest.json", data: Buffer.from(JSON.stringify(manifest, null, 2) + "\n", "utf8") }];
  for (const file of PACKAGE_FILES) {
    let data = readFileSync(path.join(sourceDir, file));
    if (file.endsWith(".json")) data = Buffer.from(substitutePlaceholders(data.toString("utf8"), opts.vars, `appPackage/${file}`), "utf8");
    entries.push({ name: file, data });
  }

  mkdirSync(outDir, { recursive: true });
  const zipPath = path.join(outDir, `appPackage.${opts.envName}.zip`);
  const manifestPath = path.join(outDir, `manifest.${opts.envName}.json`);
  writeFileSync(zipPath, createZip(entries));
  writeFileSync(manifestPath, entries[0]!.data);
  return { zipPath, manifestPath, manifest, entries: entries.map((e) => e.name) };
}

// ---------------------------------------------------------------- CLI

interface CliArgs {
  envFile?: string;
  env?: string;
  outDir?: string;
}

function parseArgs(argv: string[]): CliArgs {
  const out: CliArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes("=") ? (arg.split(/=(.*)/s, 2) as [string, string]) : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === "--env-file") out.envFile = value();
    else if (flag === "--env") out.env = value();
    else if (flag === "--out-dir") out.outDir = value();
    else if (flag === "--help" || flag === "-h") {
      console.log("Usage: tsx test/tools/package-app.ts [--env-file env/.env.dev] [--env dev] [--out-dir appPackage/build]");
      process.exit(0);
    } else if (!flag.startsWith("-") && out.envFile === undefined) out.envFile = flag;
    else throw new PackageError(`Unknown argument: ${arg}`);
  }
  return out;
}

export function main(argv: string[], env: NodeJS.ProcessEnv): BuildResult {
  const args = parseArgs(argv);
  let fileVars: Record<string, string> = {};
  if (args.envFile) {
    const envFile = path.resolve(process.cwd(), args.envFile);
    let text: string;
    try {
      text = readFileSync(envFile, "utf8");
    } catch {
      throw new PackageError(`Env file not found: ${args.envFile}`);
    }
    fileVars = parseEnvFile(text);
  }
  const fromFileName = args.envFile ? /\.env\.([A-Za-z0-9_-]+)$/.exec(args.envFile)?.[1] : undefined;
  const envName = args.env ?? fromFileName ?? env.TEAMSFX_ENV ?? "local";
  const vars: Record<string, string | undefined> = { ...fileVars };
  for (const [k, v] of Object.entries(env)) if (v) vars[k] = v;
  return buildAppPackage({ envName, vars, ...(args.outDir ? { outDir: path.resolve(process.cwd(), args.outDir) } : {}) });
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  try {
    const result = main(process.argv.slice(2), process.env);
    console.log(`Wrote ${path.relative(process.cwd(), result.zipPath)} (${result.entries.join(", ")})`);
    console.log(`Wrote ${path.relative(process.cwd(), result.manifestPath)}`);
  } catch (err) {
    console.error(err instanceof PackageError ? `package-app: ${err.message}` : err);
    process.exit(1);
  }
}
