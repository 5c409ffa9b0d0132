/** What every card renderer shares: the card type, templating, size and text limits. */
import * as ACData from "adaptivecards-templating";
import type { CaseStatus } from "../domain/case.js";

/** A rendered Adaptive Card: plain JSON, ready to send as an attachment or invoke response. */
export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: string;
  version: "1.5";
  body: unknown[];
  actions?: unknown[];
  refresh?: { action: { type: "Action.Execute"; verb: string; data: Record<string, string> }; userIds: string[] };
  msteams?: { width: "Full" };
  [key: string]: unknown;
}

export const CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

/** A Teams message holds about 28 KB; the card must fit with room for the envelope. */
export const MAX_CARD_BYTES = 28_000;

/** Teams refreshes a card automatically for at most 60 users. */
export const MAX_REFRESH_USERS = 60;

/** Serialized size in UTF-8 bytes (what counts against the message limit). */
export function cardByteSize(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), "utf8");
}

/**
 * Parsed templates, one per template object. Parsing every "${...}" into an
 * expression tree is most of the cost of a fresh Template; the library allows
 * binding one instance to different data in a loop (expand() resets its
 * context each time and is synchronous, so sharing an instance is safe).
 */
const parsed = new WeakMap<object, ACData.Template>();

/**
 * Fills a template (data, kept as .json) with precomputed, already
 * translated data. The data never carries template expressions of its own:
 * adaptivecards-templating does not re-expand "${...}" found in values.
 */
export function expand(template: object, data: Record<string, unknown>): AdaptiveCard {
  let compiled = parsed.get(template);
  if (!compiled) {
    compiled = new ACData.Template(template);
    parsed.set(template, compiled);
  }
  return plainText(compiled.expand({ $root: data }) as AdaptiveCard);
}

/**
 * Teams renders a subset of Markdown in TextBlocks and facts: "18. mars 2024"
 * at the start of a line is a numbered list (indented, "18." eaten), "- x" a
 * bullet, _x_ and **x** emphasis, [x](y) a link. Nothing the cards show is
 * meant as Markdown (they lay text out with their own elements), so every
 * such text, the bot's and what people typed, is made plain: a list marker at
 * the start of a line keeps its look with a no-break space after it (no
 * longer a marker), and emphasis and link characters are escaped.
 */
export function plainMarkdown(text: string): string {
  return (
    text
      // Emphasis: * anywhere; _ only where it could open or close emphasis (not inside a word, as in "ID2023_045").
      .replace(/[\\*`]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, (ch) => `\\${ch}`)
      // A link needs "[text](": escape the bracket only then.
      .replace(/\[(?=[^\]]*\]\()/g, "\\[")
      .replace(/^(\s*)(\d{1,9}[.)]|[-+])(?=\s|$)[ \t]?/gm, (_m, indent: string, marker: string) => `${indent}${marker}\u00a0`)
  );
}

/** Applies plainMarkdown to every TextBlock's text and every fact of a card, in place. */
function plainText(card: AdaptiveCard): AdaptiveCard {
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const el = node as Record<string, unknown>;
    if (el.type === "TextBlock" && typeof el.text === "string") el.text = plainMarkdown(el.text);
    if (el.type === "FactSet" && Array.isArray(el.facts)) {
      for (const fact of el.facts as Record<string, unknown>[]) {
        if (typeof fact?.title === "string") fact.title = plainMarkdown(fact.title);
        if (typeof fact?.value === "string") fact.value = plainMarkdown(fact.value);
      }
    }
    for (const [key, value] of Object.entries(el)) if (key !== "refresh" && key !== "data" && typeof value === "object") walk(value);
  };
  walk(card.body);
  walk(card.actions);
  return card;
}

/** Teams user ids ("29:…") for refresh.userIds: deduplicated, at most 60. */
export function refreshUserIds(ids: readonly string[]): string[] {
  const valid = ids.filter((id) => typeof id === "string" && /^29:[A-Za-z0-9_\-:.]{1,200}$/.test(id));
  return [...new Set(valid)].slice(0, MAX_REFRESH_USERS);
}

export interface Clipped {
  text: string;
  truncated: boolean;
}

/**
 * Clips a free text to at most max characters (whole code points), on a word
 * boundary when one is near, and marks it with an ellipsis.
 */
export function clip(text: string, max: number): Clipped {
  if (text.length <= max) return { text, truncated: false };
  // Look at no more than needed: max code points fit in 2 * max UTF-16 units.
  const chars = Array.from(Number.isFinite(max) ? text.slice(0, 2 * max + 2) : text);
  if (chars.length <= max && chars.join("").length === text.length) return { text, truncated: false };
  let cut = chars.slice(0, Math.max(0, max - 1)).join("");
  const space = cut.lastIndexOf(" ");
  if (space > cut.length * 0.8) cut = cut.slice(0, space);
  return { text: `${cut.trimEnd()}…`, truncated: true };
}

/** Statuses after the committee has dealt with the case in a meeting. */
const CONCLUDED_STATUSES: ReadonlySet<CaseStatus> = new Set(["granted", "rejected", "deferred", "recordDrafted", "recordConfirmed", "routed", "acknowledged"]);
export const isConcluded = (status: CaseStatus): boolean => CONCLUDED_STATUSES.has(status);

/** Names and other short fields: never long enough to matter, whatever is stored. */
export const MAX_NAME_CHARS = 120;
export const short = (text: string | undefined): string => clip(text ?? "", MAX_NAME_CHARS).text;

/** A clipper that remembers whether it shortened anything (for a card's "text shortened" note). */
export function truncating(max: number): { text: (s: unknown) => string; readonly truncated: boolean } {
  let truncated = false;
  return {
    text: (s: unknown) => {
      const c = clip(typeof s === "string" ? s : "", max);
      truncated ||= c.truncated;
      return c.text;
    },
    get truncated() {
      return truncated;
    },
  };
}

/**
 * The one card-fitting routine: expands the template with the data for a limit
 * and returns the card at the loosest limit that fits in a Teams message
 * (MAX_CARD_BYTES). Limits go from loosest to tightest, and a tighter limit
 * never makes a card bigger, so the first that fits is found by bisection:
 * the common case (fits at once) costs one expansion, the largest cards a few.
 * When even the tightest does not fit, or anything throws, `fallback` answers.
 * An empty action list is dropped (the renderer accepts it, but it carries nothing);
 * `polish` may tidy the card further before it is measured.
 */
export function fitCard<Limit>(
  template: object,
  limits: readonly Limit[],
  data: (limit: Limit) => Record<string, unknown>,
  fallback: () => AdaptiveCard,
  polish?: (card: AdaptiveCard) => void,
): AdaptiveCard {
  const attempt = (i: number): AdaptiveCard | undefined => {
    const card = expand(template, data(limits[i]!));
    if (Array.isArray(card.actions) && card.actions.length === 0) delete card.actions;
    polish?.(card);
    return cardByteSize(card) <= MAX_CARD_BYTES ? card : undefined;
  };
  try {
    const first = attempt(0);
    if (first) return first;
    let best = attempt(limits.length - 1);
    if (!best) return fallback();
    let lo = 1; // limits[lo - 1] does not fit
    let hi = limits.length - 1; // limits[hi] fits
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const card = attempt(mid);
      if (card) {
        best = card;
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return best;
  } catch {
    return fallback();
  }
}
