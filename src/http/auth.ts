/**
 * Who may submit applications over HTTP (POST /api/cases).
 *
 * Azure mode: an Entra ID v2.0 access token (Authorization: Bearer), signed
 * by a key in the tenant's JWKS, issued by
 * https://login.microsoftonline.com/<tenant>/v2.0 for the configured audience
 * (INTAKE_AUDIENCE, the intake API's app id URI or client id), for the same
 * tenant, and carrying an intake app role in `roles`. The API's app
 * registration must issue v2 tokens (accessTokenAcceptedVersion: 2).
 *
 * Which HFs a caller may file for (mayFileFor): the HFs named by its app roles
 * `Cases.Submit.<HF id>` (one app role per HF, e.g. Cases.Submit.helse-bergen),
 * plus those configured for its client application id in INTAKE_HF_BY_CLIENT
 * (a JSON map of client id → HF ids). The plain role `Cases.Submit` admits the
 * caller but names no HF: it files for the HFs its client is mapped to, or
 * none. Filing for another HF is refused (403) before anything is stored.
 *
 * Local mode only: a development key in the `x-komitebot-key` header equal to
 * INTAKE_LOCAL_KEY, compared in constant time. No key configured: no access.
 *
 * The JWKS source is injectable (tests use a local key set or an in-test
 * server); by default it is fetched, and cached, from the tenant's endpoint.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";

export const INTAKE_ROLE = "Cases.Submit";
/** The app role that lets a caller file for one HF: `Cases.Submit.<HF id>`. */
export const intakeRoleFor = (hfId: string) => `${INTAKE_ROLE}.${hfId}`;
export const LOCAL_KEY_HEADER = "x-komitebot-key";

export type IntakeAuthConfig =
  | {
      mode: "azure";
      tenantId: string;
      /** Expected `aud`: the intake API's application id URI or client id. Unset: intake is switched off (503). */
      audience?: string;
      /** Where signing keys come from; default: the tenant's published JWKS. */
      jwks?: JWTVerifyGetKey;
      requiredRole?: string;
      clockToleranceSeconds?: number;
      /** Client application id → the HF ids it may file for (INTAKE_HF_BY_CLIENT). */
      hfsByClient?: Readonly<Record<string, readonly string[]>>;
    }
  | { mode: "local"; localKey?: string };

/** Who submitted: a client application (from its token) or the local development key. */
export type Principal =
  | { kind: "token"; id: string; appId?: string; tenantId: string; /** The HFs it may file for. */ hfs: readonly string[] }
  | { kind: "localKey"; id: "local-key" };

/**
 * Whether a caller may file (an application, a document) for an HF: a token for
 * the HFs its roles or its client's mapping name; the local development key
 * (local mode, loopback only) for any.
 */
export function mayFileFor(principal: Principal, hfId: string): boolean {
  return principal.kind === "localKey" || principal.hfs.includes(hfId);
}

export type AuthOutcome = { ok: true; principal: Principal } | { ok: false; status: 401 | 403 | 503; error: string; headers: Record<string, string> };

export type Authenticate = (headers: IncomingHttpHeaders) => Promise<AuthOutcome>;

export const issuerFor = (tenantId: string) => `https://login.microsoftonline.com/${tenantId}/v2.0`;
export const jwksUrlFor = (tenantId: string) => new URL(`https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`);

export function intakeAuthenticator(config: IntakeAuthConfig): Authenticate {
  if (config.mode === "local") return localKeyAuth(config.localKey);
  return bearerAuth(config);
}

/** From the app's configuration (src/config.ts AppEnv). */
export function intakeAuthConfigFromEnv(env: {
  KOMITEBOT_MODE: "local" | "azure";
  BOT_TENANT_ID?: string | undefined;
  INTAKE_AUDIENCE?: string | undefined;
  INTAKE_LOCAL_KEY?: string | undefined;
  INTAKE_HF_BY_CLIENT?: Readonly<Record<string, readonly string[]>> | undefined;
}): IntakeAuthConfig {
  if (env.KOMITEBOT_MODE === "azure") {
    return {
      mode: "azure",
      tenantId: env.BOT_TENANT_ID ?? "",
      ...(env.INTAKE_AUDIENCE ? { audience: env.INTAKE_AUDIENCE } : {}),
      ...(env.INTAKE_HF_BY_CLIENT ? { hfsByClient: env.INTAKE_HF_BY_CLIENT } : {}),
    };
  }
  return { mode: "local", ...(env.INTAKE_LOCAL_KEY ? { localKey: env.INTAKE_LOCAL_KEY } : {}) };
}

function localKeyAuth(localKey: string | undefined): Authenticate {
  const challenge = { "www-authenticate": `KomitebotKey realm="komitebot", header="${LOCAL_KEY_HEADER}"` };
  const expected = localKey ? digest(localKey) : undefined;
  return async (headers) => {
    const given = headerValue(headers[LOCAL_KEY_HEADER]);
    // Hashing first gives equal lengths, so the comparison time says nothing about the key.
    if (!expected || !given || !timingSafeEqual(digest(given), expected)) {
      return { ok: false, status: 401, error: "missing or wrong development key", headers: challenge };
    }
    return { ok: true, principal: { kind: "localKey", id: "local-key" } };
  };
}

function bearerAuth(config: Extract<IntakeAuthConfig, { mode: "azure" }>): Authenticate {
  const { tenantId, audience } = config;
  const role = config.requiredRole ?? INTAKE_ROLE;
  const jwks = config.jwks ?? (tenantId ? createRemoteJWKSet(jwksUrlFor(tenantId)) : undefined);
  const realm = `Bearer realm="komitebot"`;
  const unauthorized = (error: string, description?: string): AuthOutcome => ({
    ok: false,
    status: 401,
    error: description ?? error,
    headers: { "www-authenticate": description ? `${realm}, error="${error}", error_description="${description}"` : realm },
  });
  return async (headers) => {
    if (!audience || !tenantId || !jwks) {
      return { ok: false, status: 503, error: "intake is not configured (INTAKE_AUDIENCE and BOT_TENANT_ID are needed)", headers: {} };
    }
    const m = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)\s*$/i.exec(headerValue(headers.authorization) ?? "");
    if (!m?.[1]) return unauthorized("invalid_request");
    let payload;
    try {
      ({ payload } = await jwtVerify(m[1], jwks, {
        issuer: issuerFor(tenantId),
        audience,
        algorithms: ["RS256"],
        clockTolerance: config.clockToleranceSeconds ?? 60,
        requiredClaims: ["exp", "iat"],
      }));
    } catch (err) {
      return unauthorized("invalid_token", describe(err));
    }
    if (payload.tid !== undefined && payload.tid !== tenantId) return unauthorized("invalid_token", "token is for another tenant");
    const roles = (Array.isArray(payload.roles) ? (payload.roles as unknown[]) : []).filter((r): r is string => typeof r === "string");
    const id = String(payload.oid ?? payload.azp ?? payload.sub ?? "unknown");
    const hfRoles = roles.filter((r) => r.startsWith(`${role}.`)).map((r) => r.slice(role.length + 1));
    if (!roles.includes(role) && hfRoles.length === 0) {
      return {
        ok: false,
        status: 403,
        error: `the token lacks the app role ${role}`,
        headers: { "www-authenticate": `${realm}, error="insufficient_scope", error_description="app role ${role} required"` },
      };
    }
    const appId = typeof payload.azp === "string" ? payload.azp : typeof payload.appid === "string" ? payload.appid : undefined;
    const mapped = appId ? (config.hfsByClient?.[appId] ?? []) : [];
    return { ok: true, principal: { kind: "token", id, ...(appId ? { appId } : {}), tenantId, hfs: [...new Set([...hfRoles, ...mapped])] } };
  };
}

/** A short reason for the 401, without echoing the token. */
function describe(err: unknown): string {
  if (err instanceof errors.JWTExpired) return "token expired";
  if (err instanceof errors.JWTClaimValidationFailed) return `claim ${err.claim} is not as expected`;
  if (err instanceof errors.JWSSignatureVerificationFailed) return "signature not valid";
  if (err instanceof errors.JWKSNoMatchingKey) return "signing key not found";
  if (err instanceof errors.JOSEAlgNotAllowed) return "algorithm not allowed";
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JOSEError) return "token could not be verified";
  return "token could not be verified";
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function digest(s: string): Buffer {
  return createHash("sha256").update(s, "utf8").digest();
}
