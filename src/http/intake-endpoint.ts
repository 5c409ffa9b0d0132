/**
 * POST /api/cases: an application submitted by a system (e.g. a hospital's
 * application portal) instead of typed in by the coordinator.
 *
 *   401  no or bad credentials (WWW-Authenticate says which scheme)
 *   403  a valid token without an intake app role (Cases.Submit or Cases.Submit.<HF>), or
 *        filing for an HF the caller may not file for (auth.ts mayFileFor): nothing stored
 *   400  invalid body: { error, problems: [{ path, code, message }] }, every
 *        problem at once, messages in bokmål, or English for Accept-Language en
 *   201  { caseCode, status: "received" }   (200 with the same body when an
 *        Idempotency-Key the client already used is sent again)
 *   409  the body names a case code that is taken
 *   503  the store is unavailable: nothing was registered, retry later
 *
 * Nothing is stored unless the answer is 201. An `Idempotency-Key` header
 * (scoped to the caller) makes a retried POST return the first answer instead
 * of registering the application twice.
 */
import { randomUUID } from "node:crypto";
import { registerCase } from "../app/coordinator/intake.js";
import type { AppServices } from "../app/services.js";
import { StoreUnavailableError } from "../app/ports.js";
import { hasMessage, t, type Locale } from "../i18n/index.js";
import { localeFrom } from "../i18n/locale.js";
import type { Handler, HttpRequest, HttpResponse, Route } from "./server.js";
import { mayFileFor, type Authenticate } from "./auth.js";

export interface IntakeDeps {
  svc: AppServices;
  authenticate: Authenticate;
  /** The clock (tests pass a fixed one). */
  now?: () => Date;
}

export const INTAKE_PATH = "/api/cases";

export function intakeRoute(deps: IntakeDeps): Route {
  return { method: "POST", path: INTAKE_PATH, handler: intakeHandler(deps) };
}

export function intakeHandler(deps: IntakeDeps): Handler {
  const now = deps.now ?? (() => new Date());
  return async (req: HttpRequest): Promise<HttpResponse> => {
    const locale = requestLocale(req.headers["accept-language"]);
    const auth = await deps.authenticate(req.headers);
    if (!auth.ok) return { status: auth.status, headers: auth.headers, body: { error: auth.error } };

    // The caller files for its own HF(s) only: checked before anything is read or stored.
    const hfId = (req.body as { applyingHfId?: unknown } | null)?.applyingHfId;
    if (typeof hfId === "string" && !mayFileFor(auth.principal, hfId)) {
      const hf = deps.svc.roster.hfs.find((h) => h.id === hfId);
      return {
        status: 403,
        headers: { "www-authenticate": `Bearer realm="komitebot", error="insufficient_scope"` },
        body: { error: hf ? say(locale, "http.hfNotAllowed", { hf: hf.name }) : say(locale, "http.hfNotAllowedUnknown") },
      };
    }

    const key = header(req.headers["idempotency-key"]);
    if (key !== undefined && !/^[A-Za-z0-9._:-]{1,100}$/.test(key)) {
      return { status: 400, body: { error: say(locale, "http.badIdempotencyKey"), problems: [] } };
    }
    const op = { id: key ? `intake:${auth.principal.id}:${key}` : `intake:${randomUUID()}`, at: now().toISOString() };
    let result: Awaited<ReturnType<typeof registerCase>>;
    try {
      result = await registerCase(deps.svc, { input: req.body, actor: "portal", op });
    } catch (err) {
      // The store is down or throttling: nothing was registered, and the client may simply retry (with its Idempotency-Key).
      if (err instanceof StoreUnavailableError) return { status: 503, headers: { "retry-after": "30" }, body: { error: t(locale, "error.storeUnavailable") } };
      throw err;
    }
    if (result.ok) {
      return { status: result.value.duplicate ? 200 : 201, body: { caseCode: result.value.case.code, status: result.value.case.status } };
    }
    if (result.reason.code === "input.invalid") {
      const problems = (result.problems ?? []).map((p) => ({ path: p.path, code: p.code, message: say(locale, p.code, p.params) }));
      return { status: 400, body: { error: say(locale, "intake.invalidApplication", { count: problems.length }), problems } };
    }
    if (result.reason.code === "intake.caseCodeTaken") return { status: 409, body: { error: say(locale, result.reason.code, result.reason.params) } };
    return { status: 500, body: { error: say(locale, result.reason.code, result.reason.params) } };
  };
}

/** The caller's preferred language: English for an English tag, else bokmål (q-values respected). */
export function requestLocale(acceptLanguage: string | string[] | undefined): Locale {
  const raw = header(acceptLanguage);
  if (!raw) return "nb";
  const ranked = raw
    .split(",")
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = Number(
        params
          .map((p) => p.trim())
          .find((p) => p.startsWith("q="))
          ?.slice(2) ?? "1",
      );
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return localeFrom(ranked[0]?.tag);
}

/**
 * Messages the i18n catalogs may not have (intake.invalidApplication, input.*, intake.*, http.*):
 * bokmål and English here, so the endpoint answers properly in both. When a
 * key is added to src/i18n, the catalog's text wins.
 */
const FALLBACK: Record<Locale, Record<string, string>> = {
  nb: {
    "intake.invalidApplication": "Søknaden har {count} feil. Ingenting er lagret.",
    "input.invalid": "Ugyldig verdi.",
    "input.required": "Må fylles ut.",
    "input.invalidType": "Feil type verdi (forventet {expected}).",
    "input.unknownField": "Ukjent felt. Fjern det – søknaden skal ikke inneholde pasientens navn eller fødselsnummer.",
    "input.tooSmall": "For få verdier eller for lite tall (minst {minimum}).",
    "input.tooBig": "For mange verdier eller for stort tall (høyst {maximum}).",
    "input.notAllowed": "Ugyldig verdi. Tillatt: {allowed}.",
    "input.invalidFormat": "Ugyldig format (dato ÅÅÅÅ-MM-DD, tidspunkt ISO 8601 med tidssone).",
    "intake.caseCodeTaken": "Saksnummeret {code} er allerede i bruk.",
    "intake.noFreeCaseCode": "Fant ikke ledig saksnummer. Prøv igjen.",
    "http.badIdempotencyKey": "Idempotency-Key må være 1–100 tegn: bokstaver, sifre og . _ : -",
  },
  en: {
    "intake.invalidApplication": "The application has {count} problem(s). Nothing was saved.",
    "input.invalid": "Invalid value.",
    "input.required": "Required.",
    "input.invalidType": "Wrong type of value (expected {expected}).",
    "input.unknownField": "Unknown field. Remove it – the application must not contain the patient's name or national ID number.",
    "input.tooSmall": "Too few values or too small (at least {minimum}).",
    "input.tooBig": "Too many values or too large (at most {maximum}).",
    "input.notAllowed": "Invalid value. Allowed: {allowed}.",
    "input.invalidFormat": "Invalid format (date YYYY-MM-DD, time ISO 8601 with offset).",
    "intake.caseCodeTaken": "Case code {code} is already in use.",
    "intake.noFreeCaseCode": "No free case code was found. Please try again.",
    "http.badIdempotencyKey": "Idempotency-Key must be 1–100 characters: letters, digits and . _ : -",
  },
};

function say(locale: Locale, code: string, params?: Record<string, string | number>): string {
  if (hasMessage(code)) return t(locale, code, params);
  const template = FALLBACK[locale][code] ?? FALLBACK[locale]["input.invalid"] ?? code;
  return template.replace(/\{([A-Za-z]\w*)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
