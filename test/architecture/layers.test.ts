/**
 * The arrows of the architecture, checked by reading every import under src/:
 * the domain is pure, the use cases know neither storage nor Teams, and only
 * src/teams speaks to the Bot Framework. A new import that breaks an arrow
 * fails here, not in review.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(import.meta.dirname, "../../src");

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(p);
    return /\.(ts|cjs|mjs|js)$/.test(e.name) ? [p] : [];
  });
}

interface Import {
  file: string; // relative to src/
  spec: string; // as written
  target: string; // resolved to src/… for relative imports, else the package name
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|(?:^|\n)\s*import\s+["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)|\brequire\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const rel = path.relative(SRC, file);
  return [...text.matchAll(IMPORT)].map((m) => {
    const spec = (m[1] ?? m[2] ?? m[3] ?? m[4])!;
    const target = spec.startsWith(".")
      ? path.relative(SRC, path.resolve(path.dirname(file), spec))
      : spec.startsWith("node:")
        ? spec
        : spec
            .split("/")
            .slice(0, spec.startsWith("@") ? 2 : 1)
            .join("/");
    return { file: rel, spec, target };
  });
}

const ALL = filesUnder(SRC).flatMap(importsOf);
const inFolder = (folder: string) => (i: Import) => i.file.startsWith(`${folder}/`);
const describeBreaks = (found: Import[]) => found.map((i) => `${i.file} imports ${i.spec}`);

describe("the layers' arrows", () => {
  it("finds the imports it checks", () => {
    expect(ALL.length).toBeGreaterThan(200);
    expect(ALL.some((i) => i.target === "botbuilder")).toBe(true);
  });

  it("keeps the domain pure: it imports only itself, zod, luxon and date-holidays", () => {
    const allowed = new Set(["zod", "luxon", "date-holidays"]);
    const breaks = ALL.filter(inFolder("domain")).filter((i) => !(i.spec.startsWith(".") ? i.target.startsWith("domain/") : allowed.has(i.target)));
    expect(describeBreaks(breaks)).toEqual([]);
  });

  it("keeps the use cases free of storage, Teams and cards", () => {
    const forbiddenFolders = ["store/", "teams/", "cards/", "http/", "local/", "export/"];
    const forbiddenPackages = new Set([
      "botbuilder",
      "@microsoft/teams-ai",
      "@azure/cosmos",
      "@azure/identity",
      "@vercel/cosmosdb-server",
      "adaptivecards-templating",
    ]);
    const breaks = ALL.filter(inFolder("app")).filter((i) => forbiddenFolders.some((f) => i.target.startsWith(f)) || forbiddenPackages.has(i.target));
    expect(describeBreaks(breaks)).toEqual([]);
  });

  it("lets only src/teams import the Bot Framework and Teams AI", () => {
    const breaks = ALL.filter(
      (i) => (i.target === "botbuilder" || i.target.startsWith("botbuilder-") || i.target === "@microsoft/teams-ai") && !i.file.startsWith("teams/"),
    );
    expect(describeBreaks(breaks)).toEqual([]);
  });

  it("keeps the Bot Framework behind the seam: a handful of files in src/teams", () => {
    const files = [...new Set(ALL.filter((i) => i.target === "botbuilder" || i.target === "@microsoft/teams-ai").map((i) => i.file))].sort();
    // messages-endpoint.ts talks to the adapter through adapter.ts's KomitebotAdapter.answer, not to botbuilder.
    expect(files).toEqual(["teams/adapter.ts", "teams/bot.ts", "teams/proactive.ts", "teams/turn-io.ts"]);
  });

  it("keeps the cards free of the use cases and Teams: they render views", () => {
    const breaks = ALL.filter(inFolder("cards")).filter((i) => ["app/", "teams/", "store/"].some((f) => i.target.startsWith(f)));
    expect(describeBreaks(breaks)).toEqual([]);
  });

  it("keeps Microsoft Graph (src/graph) to the ports and @azure/identity: no Teams, storage or cards", () => {
    const breaks = ALL.filter(inFolder("graph")).filter((i) =>
      i.spec.startsWith(".") ? !["app/ports.ts", "app/ports.js", "log.js", "log.ts"].some((t) => i.target === t) : i.target !== "@azure/identity",
    );
    expect(describeBreaks(breaks)).toEqual([]);
  });

  it("keeps Cosmos DB inside src/store", () => {
    const breaks = ALL.filter((i) => (i.target === "@azure/cosmos" || i.target === "@vercel/cosmosdb-server") && !i.file.startsWith("store/"));
    expect(describeBreaks(breaks)).toEqual([]);
  });

  it("keeps OpenTelemetry in two files: src/telemetry.ts (ids and codes only) and src/telemetry-setup.ts (the SDK)", () => {
    const files = [
      ...new Set(ALL.filter((i) => i.target.startsWith("@opentelemetry/") || i.target === "@azure/monitor-opentelemetry").map((i) => i.file)),
    ].sort();
    expect(files).toEqual(["telemetry-setup.ts", "telemetry.ts"]);
    const breaks = ALL.filter(inFolder("app")).filter((i) => i.target === "telemetry" || i.target === "telemetry-setup");
    expect(describeBreaks(breaks)).toEqual([]);
  });

  it("names every file in kebab-case", () => {
    const bad = filesUnder(SRC)
      .map((f) => path.relative(SRC, f))
      .filter(
        (f) =>
          !path
            .basename(f)
            .split(".")[0]!
            .match(/^[a-z0-9]+(-[a-z0-9]+)*$/),
      );
    expect(bad).toEqual([]);
  });
});
