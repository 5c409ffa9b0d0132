/**
 * Errors are values in the domain. A reason carries a stable code (an i18n key
 * in src/i18n) and parameters, so the edge can say it in the user's language.
 * Input that failed validation also carries its problems, one per field.
 */
export interface Reason<C extends string = string> {
  code: C;
  params?: Record<string, string | number>;
  /** The people a reason is about (who disagrees, who has not stated), so the edge can name them. */
  people?: ReasonPerson[];
}

/**
 * One person a reason names: their roster id, what they did as a code the
 * catalogs know (a position, or "notStated"), and their name once the use
 * case has looked it up (the domain knows ids, not how to show them).
 */
export interface ReasonPerson {
  personId: string;
  state: string;
  name?: string;
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
export const fail = <C extends string>(code: C, params?: Reason["params"], people?: ReasonPerson[]): Failure<C> => ({
  ok: false,
  reason: { code, ...(params ? { params } : {}), ...(people && people.length > 0 ? { people } : {}) },
});
