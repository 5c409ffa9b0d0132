/**
 * Errors are values in the domain. A reason carries a stable code (an i18n key
 * in src/i18n) and parameters, so the edge can say it in the user's language.
 */
export interface Reason {
  code: string;
  params?: Record<string, string | number>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; reason: Reason };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: string, params?: Reason["params"]): Result<T> =>
  params ? { ok: false, reason: { code, params } } : { ok: false, reason: { code } };
