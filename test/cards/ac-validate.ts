/**
 * Offline card validation with the official renderer (adaptivecards 3.x).
 * Load the UMD bundle: the package's ESM lib uses extensionless imports Node can't resolve.
 * Call only from a test file that runs in the jsdom environment.
 */
import { createRequire } from "node:module";

type AC = typeof import("adaptivecards");
const require = createRequire(import.meta.url);
let ac: AC | undefined;
export const AdaptiveCards = (): AC => (ac ??= require("adaptivecards/dist/adaptivecards.js") as AC);

export interface CardCheck {
  parseEvents: string[];
  validationFailures: string[];
}

/**
 * Issue 15: Teams draws Chart.* elements; this renderer does not know them and
 * would show each one's `fallback`. The card is checked as such a client sees
 * it: every chart that has a fallback element is replaced by it (a chart
 * without one stays, and is reported as an unknown element type). The charts'
 * own JSON is checked against the documented shape by the tests that make them.
 */
export function withChartFallbacks(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withChartFallbacks);
  if (!node || typeof node !== "object") return node;
  const o = node as Record<string, unknown>;
  if (typeof o.type === "string" && o.type.startsWith("Chart.") && o.fallback && typeof o.fallback === "object") return withChartFallbacks(o.fallback);
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, withChartFallbacks(v)]));
}

/** Parses the card as schema 1.5 and collects every parse event and validation failure. */
export function checkCard(json: unknown): CardCheck {
  const AC = AdaptiveCards();
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(withChartFallbacks(json), context);
  const parseEvents: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    parseEvents.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  const results = card.validateProperties();
  const validationFailures = results.validationEvents.map((e) => `${AC.ValidationEvent[e.event]}: ${e.message}`);
  return { parseEvents, validationFailures };
}

/** Every Action.* object anywhere in the card (including inside ShowCards), in document order. */
export function allActions(node: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) {
    for (const n of node) allActions(n, out);
  } else if (node && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (typeof o.type === "string" && o.type.startsWith("Action.")) out.push(o);
    for (const [k, v] of Object.entries(o)) if (k !== "refresh") allActions(v, out);
  }
  return out;
}

/** A card string as a reader sees it: Markdown escapes gone, no-break spaces as spaces (see plainMarkdown in src/cards/card.ts). */
export const asSeen = (s: string): string => s.replace(/\\([\\*_[\]`])/g, "$1").replace(/\u00a0/g, " ");

/** All visible strings of a card (text, titles, fact values, labels…), as a reader sees them. */
export function allText(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const n of node) allText(n, out);
  } else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === "string" && ["text", "title", "value", "label", "placeholder", "errorMessage"].includes(k)) out.push(asSeen(v));
      else allText(v, out);
    }
  }
  return out;
}
