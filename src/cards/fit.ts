/** What the workflow cards share: fitting a template into a Teams message, small text helpers. */
import type { MissingItem } from "../domain/completeness.js";
import { hasMessage, t, type Locale, type MessageKey } from "../i18n/index.js";
import { type AdaptiveCard, clip, fitCard as fitCardTo } from "./card.js";
import { renderNotice } from "./notice.js";

export type Tr = (key: MessageKey, params?: Record<string, string | number>) => string;
export const translator =
  (locale: Locale): Tr =>
  (key, params) =>
    t(locale, key, params);

/**
 * A workflow card fitted into a Teams message (card.ts fitCard); when nothing
 * fits, a short notice with its title and "too large". Never throws.
 */
export function fitCard<Limit>(
  template: object,
  limits: readonly Limit[],
  data: (limit: Limit) => Record<string, unknown>,
  fallback: { locale: Locale; title: () => string },
  polish?: (card: AdaptiveCard) => void,
): AdaptiveCard {
  return fitCardTo(
    template,
    limits,
    data,
    () => {
      let title = "";
      try {
        title = clip(String(fallback.title() ?? ""), 200).text;
      } catch {
        title = t(fallback.locale, "app.name");
      }
      return renderNotice({ locale: fallback.locale, title, lines: [t(fallback.locale, "error.cardTooLarge")], tone: "warning" });
    },
    polish,
  );
}

/** A count for display: finite, whole, not negative. */
export function count(n: unknown): number {
  return typeof n === "number" && Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : 0;
}

export const str = (s: unknown): string => (typeof s === "string" ? s : "");

/**
 * Label–value rows, laid out as one line of text each ("Forventet
 * behandlingskostnad: 1 234 567 kr", the label bold) instead of a FactSet:
 * Teams gives a FactSet's titles a narrow column and breaks long words in it
 * mid-word ("behandlingskostna/d"), while a line of text wraps at spaces.
 */
export function factRows(facts: readonly { title: string; value: string }[]): { label: string; value: string }[] {
  return facts.map((f) => ({ label: `${f.title}: `, value: f.value }));
}

/**
 * The words of one completeness item (MissingItem) in the locale, with its
 * code-valued params (ground, criterion) translated too, so the applying HF
 * reads "Økt nytte", not "increasedBenefit".
 */
export function missingItemText(locale: Locale, item: MissingItem): string {
  const params: Record<string, string | number> = { ...(item.params ?? {}) };
  const groundKey = `ground.${String(params.ground)}`;
  if (hasMessage(groundKey)) params.ground = t(locale, groundKey);
  const criterionKey = `priority.${String(params.criterion)}`;
  if (hasMessage(criterionKey)) params.criterion = t(locale, criterionKey).toLowerCase();
  for (const [k, v] of Object.entries(params)) if (typeof v === "string") params[k] = clip(v, 120).text;
  return t(locale, item.item, params);
}
