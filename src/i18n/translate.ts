import { en } from "./en.js";
import type { Locale } from "./locale.js";
import { nb, type MessageKey } from "./nb.js";

export type { MessageKey };
export type MessageParams = Record<string, string | number>;

export const catalogs: Record<Locale, Readonly<Record<MessageKey, string>>> = { nb, en };

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(nb, key);
}

/**
 * The message for key in locale, with {name} placeholders filled from params.
 * A missing key returns the key itself (visible, never a crash; a test keeps
 * the catalogs complete). A missing param leaves its placeholder in place.
 * Param values are inserted once: placeholders inside them are not expanded.
 */
export function t(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const catalog = catalogs[locale] ?? catalogs.nb;
  const template = hasMessage(key) ? catalog[key] : undefined;
  if (template === undefined) return key;
  if (!params) return template;
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(params, name) ? params[name] : undefined;
    return value === undefined ? whole : String(value);
  });
}

/** The placeholder names of a message, sorted (for the catalog tests). */
export function placeholdersOf(message: string): string[] {
  return [...message.matchAll(PLACEHOLDER)].map((m) => m[1] ?? "").sort();
}
