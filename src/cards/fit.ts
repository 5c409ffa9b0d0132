/** What the workflow cards share: fitting a template into a Teams message, small text helpers. */
import type { MissingItem } from "../domain/completeness.js";
import { t, type Locale, type MessageKey } from "../i18n/index.js";
import { type AdaptiveCard, cardByteSize, clip, expand, MAX_CARD_BYTES } from "./card.js";
import { renderNotice } from "./notice.js";

export type Tr = (key: MessageKey, params?: Record<string, string | number>) => string;
export const translator =
  (locale: Locale): Tr =>
  (key, params) =>
    t(locale, key, params);

/**
 * Expands the template with data for each limit in turn (loosest first) and
 * returns the first card that fits in a Teams message; else a short notice
 * with title and "too large". Never throws.
 */
export function fitCard<Limit>(
  template: object,
  limits: readonly Limit[],
  data: (limit: Limit) => Record<string, unknown>,
  fallback: { locale: Locale; title: () => string },
  polish?: (card: AdaptiveCard) => void,
): AdaptiveCard {
  for (const limit of limits) {
    try {
      const card = expand(template, data(limit));
      if (Array.isArray(card.actions) && card.actions.length === 0) delete card.actions;
      polish?.(card);
      if (cardByteSize(card) <= MAX_CARD_BYTES) return card;
    } catch {
      break;
    }
  }
  let title = "";
  try {
    title = clip(String(fallback.title() ?? ""), 200).text;
  } catch {
    title = t(fallback.locale, "app.name");
  }
  return renderNotice({ locale: fallback.locale, title, lines: [t(fallback.locale, "error.cardTooLarge")], tone: "warning" });
}

/** A count for display: finite, whole, not negative. */
export function count(n: unknown): number {
  return typeof n === "number" && Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : 0;
}

export const str = (s: unknown): string => (typeof s === "string" ? s : "");

/**
 * The words of one completeness item (MissingItem) in the locale, with its
 * code-valued params (ground, criterion) translated too, so the applying HF
 * reads "Økt nytte", not "increasedBenefit".
 */
export function missingItemText(locale: Locale, item: MissingItem): string {
  const params: Record<string, string | number> = { ...(item.params ?? {}) };
  const ground = params.ground;
  if (typeof ground === "string" && t(locale, `ground.${ground}`) !== `ground.${ground}`) params.ground = t(locale, `ground.${ground}`);
  const criterion = params.criterion;
  if (typeof criterion === "string" && t(locale, `priority.${criterion}`) !== `priority.${criterion}`) {
    params.criterion = t(locale, `priority.${criterion}`).toLowerCase();
  }
  for (const [k, v] of Object.entries(params)) if (typeof v === "string") params[k] = clip(v, 120).text;
  return t(locale, item.item, params);
}
