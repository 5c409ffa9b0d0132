export const LOCALES = ["nb", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "nb";

/**
 * Teams gives a BCP 47 tag ("en-US", "nb-NO"). English tags get English;
 * everything else (bokmål, nynorsk, Sami, unknown, missing) gets bokmål,
 * the committee's working language.
 */
export function localeFrom(teamsLocale?: string | null): Locale {
  if (typeof teamsLocale !== "string") return DEFAULT_LOCALE;
  return /^en(?:[-_]|$)/i.test(teamsLocale.trim()) ? "en" : DEFAULT_LOCALE;
}
