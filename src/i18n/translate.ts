import { en } from "./en.js";
import type { Locale } from "./locale.js";
import { nb, type MessageKey } from "./nb.js";

export type { MessageKey };
export type MessageParams = Record<string, string | number>;

export const catalogs: Record<Locale, Readonly<Record<MessageKey, string>>> = { nb, en };

/** {name}, or {name:one|other}: the word for one or for any other number, by the value of name. */
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)(?::([^{}|]*)\|([^{}|]*))?\}/g;

export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(nb, key);
}

/**
 * The message for key in locale, with {name} placeholders filled from params.
 * A missing key returns the key itself (visible, never a crash; a test keeps
 * the catalogs complete). A missing param leaves its placeholder in place.
 * Param values are inserted once: placeholders inside them are not expanded.
 * Plurals: "{count} {count:sak|saker}" gives "1 sak", "3 saker" (one is 1; every other number, 0 included, takes the other form).
 */
export function t(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const catalog = catalogs[locale] ?? catalogs.nb;
  const template = hasMessage(key) ? catalog[key] : undefined;
  if (template === undefined) return key;
  if (!params) return template;
  return template.replace(PLACEHOLDER, (whole, name: string, one: string | undefined, other: string | undefined) => {
    const value = Object.prototype.hasOwnProperty.call(params, name) ? params[name] : undefined;
    if (value === undefined) return whole;
    if (one !== undefined && other !== undefined) return Number(value) === 1 ? one : other;
    return String(value);
  });
}

/** The placeholder names of a message, sorted (for the catalog tests). */
export function placeholdersOf(message: string): string[] {
  return [...new Set([...message.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ""))].sort();
}
