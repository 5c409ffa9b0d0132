import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = "src/cards/templates";
const TEXT_KEYS = new Set(["text", "title", "value", "label", "placeholder", "errorMessage", "altText", "fallbackText", "speak"]);

function textValues(node: unknown, out: [string, string][] = []): [string, string][] {
  if (Array.isArray(node)) for (const n of node) textValues(n, out);
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (TEXT_KEYS.has(k) && typeof v === "string") out.push([k, v]);
      else textValues(v, out);
    }
  }
  return out;
}

describe.each(readdirSync(dir).filter((f) => f.endsWith(".json")))("template %s", (file) => {
  const json = JSON.parse(readFileSync(join(dir, file), "utf8")) as Record<string, unknown>;

  it("is an Adaptive Card 1.5 at full width", () => {
    expect(json.type).toBe("AdaptiveCard");
    expect(json.version).toBe("1.5");
    expect(json.msteams).toEqual({ width: "Full" });
  });

  it("has no hard-coded language: every visible text is a template expression", () => {
    const literal = textValues(json).filter(([, v]) => !/^\$\{[^}]+\}$/.test(v));
    expect(literal).toEqual([]);
  });
});
