export { type Locale, LOCALES, DEFAULT_LOCALE, localeFrom } from "./locale.js";
export { type MessageKey, type MessageParams, t, hasMessage, catalogs, placeholdersOf } from "./translate.js";
export { formatNok, formatDate } from "./format.js";
