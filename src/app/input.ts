/**
 * Input that failed validation, said as problems: where (a dotted path), a
 * stable code (an i18n key) and its parameters. The Teams layer puts them next
 * to the fields of a form; the HTTP layer lists them in a 400.
 */
import type { ZodError, ZodIssue } from "zod";
import { REASON_CODES } from "../domain/reason-codes.js";
import type { Problem } from "../domain/result.js";
import { APP_REASON_CODES, type AppCode } from "./reason-codes.js";

type InputProblem = Problem<AppCode>;
const KNOWN: ReadonlySet<string> = new Set([...REASON_CODES, ...APP_REASON_CODES]);
const isCode = (s: string): s is AppCode => KNOWN.has(s);

/** Every zod issue as a problem. Messages the domain schemas set are reason codes and become the code. */
export function problemsFrom(error: ZodError, prefix: (string | number)[] = [], input?: unknown): InputProblem[] {
  return error.issues
    .flatMap((issue) => problemFrom(issue, prefix))
    .map((p) =>
      // "“{code}” is not a valid case code": name the code that was given.
      p.code === "caseCode.invalid"
        ? { ...p, params: { code: String(valueAt(input, p.path.slice(prefix.length ? prefix.join(".").length + 1 : 0))).slice(0, 40) } }
        : p,
    );
}

function valueAt(input: unknown, path: string): unknown {
  let v: unknown = input;
  for (const key of path ? path.split(".") : []) v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

function problemFrom(issue: ZodIssue, prefix: (string | number)[]): InputProblem[] {
  const path = [...prefix, ...issue.path].join(".");
  const message = issue.message;
  // Messages the domain schemas set are reason codes.
  if (isCode(message)) return [{ path, code: message }];
  switch (issue.code) {
    case "invalid_type":
      return issue.received === "undefined" ? [{ path, code: "input.required" }] : [{ path, code: "input.invalidType", params: { expected: issue.expected } }];
    case "unrecognized_keys":
      // One problem per unknown field, so a client sees exactly which to remove (e.g. a patient name field).
      return issue.keys.map((key) => ({ path: [...prefix, ...issue.path, key].join("."), code: "input.unknownField" }));
    case "too_small":
      return [{ path, code: issue.type === "string" ? "input.required" : "input.tooSmall", params: { minimum: Number(issue.minimum) } }];
    case "too_big":
      return [{ path, code: "input.tooBig", params: { maximum: Number(issue.maximum) } }];
    case "invalid_enum_value":
      return [{ path, code: "input.notAllowed", params: { allowed: issue.options.join(", ") } }];
    case "invalid_string":
    case "invalid_date":
    case "invalid_literal":
    case "invalid_union":
      return [{ path, code: "input.invalidFormat" }];
    default:
      return [{ path, code: "input.invalid" }];
  }
}

/** The failure for input that did not validate: "input.invalid" with every problem. */
export function invalidInput(problems: InputProblem[]) {
  return { ok: false as const, reason: { code: "input.invalid" as const, params: { count: problems.length } }, problems };
}
