/**
 * Errors are values in the domain. A reason carries a stable code (an i18n key
 * in src/i18n) and parameters, so the edge can say it in the user's language.
 * Input that failed validation also carries its problems, one per field.
 */
export interface Reason<C extends string = string> {
  code: C;
  params?: Record<string, string | number>;
}

/** One problem with one input field: where (a dotted path), what (a code), with what parameters. */
export interface Problem<C extends string = string> {
  path: string;
  code: C;
  params?: Record<string, string | number>;
}

export type Failure<C extends string = string> = { ok: false; reason: Reason<C>; problems?: Problem<C>[] };
export type Result<T, C extends string = string> = { ok: true; value: T } | Failure<C>;

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <C extends string>(code: C, params?: Reason["params"]): Failure<C> =>
  params ? { ok: false, reason: { code, params } } : { ok: false, reason: { code } };
