/**
 * Who is reading the meeting book (the Teams tab, src/http/tab-*.ts).
 *
 * Azure mode: Teams SSO. The page asks Teams for a token
 * (`authentication.getAuthToken` in @microsoft/teams-js) and sends it as
 * `Authorization: Bearer …`. The token is accepted only when
 *   - its tenant (`tid`) is on the allow-list (ALLOWED_TENANT_IDS),
 *   - it is signed (RS256) by a key in that tenant's published JWKS,
 *   - its issuer is that tenant's, as Entra writes it for a v1 or a v2 token
 *     (`https://sts.windows.net/{tid}/`, `https://login.microsoftonline.com/{tid}/v2.0`),
 *   - its audience is the app's (`api://<domain>/<BOT_ID>`, or the bare client id,
 *     as Entra may issue either), and it has not expired.
 * Anything else is 401. A valid token whose `oid` is not on the roster is 403:
 * the person is who they say, but has no meeting book (README "The meeting book").
 * Nothing of the token is logged or echoed.
 *
 * Local mode, on loopback only: no sign-in. The reader is the launcher's
 * current person (`som <id>`), and the page says so in a banner. A request
 * whose Host header is not a loopback name is refused, so a page elsewhere
 * cannot reach the local API through DNS rebinding.
 */
import type { IncomingHttpHeaders } from "node:http";
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { Actor } from "../app/context.js";
import { findByAadObjectId } from "../app/people.js";
import { isLoopback } from "../config.js";
import type { Person, Roster } from "../domain/roster.js";

export type TabAuthConfig =
  | {
      mode: "azure";
      /** The bot's app (client) id: the tab's app registration is the bot's. */
      clientId: string;
      /** The public host name the tab is served from (the app id URI is api://<domain>/<client id>). */
      domain: string;
      allowedTenantIds: readonly string[];
      /** Where a tenant's signing keys are published; default https://login.microsoftonline.com/{tid}/discovery/v2.0/keys. */
      jwksUrl?: (tenantId: string) => URL;
      clockToleranceSeconds?: number;
    }
  | {
      mode: "local";
      /** The launcher's current person; undefined when there is none (a plain `npm run dev`). */
      currentPerson: () => Person | undefined;
    };

export type TabAuthOutcome =
  { ok: true; actor: Actor; local: boolean } | { ok: false; status: 401 | 403 | 503; error: string; headers: Record<string, string> };

export type TabAuthenticate = (headers: IncomingHttpHeaders) => Promise<TabAuthOutcome>;

export const tabAudiences = (domain: string, clientId: string): string[] => [`api://${domain}/${clientId}`, clientId];
export const tabIssuers = (tenantId: string): string[] => [`https://sts.windows.net/${tenantId}/`, `https://login.microsoftonline.com/${tenantId}/v2.0`];
const defaultJwksUrl = (tenantId: string) => new URL(`https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/discovery/v2.0/keys`);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REALM = `Bearer realm="komitebot"`;

export function tabAuthenticator(config: TabAuthConfig, roster: Roster): TabAuthenticate {
  if (config.mode === "local") return localAuth(config.currentPerson);
  return ssoAuth(config, roster);
}

function unauthorized(error: string, description?: string): TabAuthOutcome {
  return {
    ok: false,
    status: 401,
    error: description ?? error,
    headers: { "www-authenticate": description ? `${REALM}, error="${error}", error_description="${description}"` : REALM },
  };
}

function ssoAuth(config: Extract<TabAuthConfig, { mode: "azure" }>, roster: Roster): TabAuthenticate {
  const allowed = new Set(config.allowedTenantIds.map((t) => t.toLowerCase()));
  const keySets = new Map<string, JWTVerifyGetKey>();
  const keysFor = (tid: string) => {
    let set = keySets.get(tid);
    if (!set) {
      set = createRemoteJWKSet((config.jwksUrl ?? defaultJwksUrl)(tid));
      keySets.set(tid, set);
    }
    return set;
  };
  const audience = tabAudiences(config.domain, config.clientId);
  return async (headers) => {
    if (!config.clientId || !config.domain || allowed.size === 0) {
      return { ok: false, status: 503, error: "the meeting book's sign-in is not configured (BOT_ID, the public address, ALLOWED_TENANT_IDS)", headers: {} };
    }
    const m = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)\s*$/i.exec(headerValue(headers.authorization) ?? "");
    if (!m?.[1]) return unauthorized("invalid_request");
    const token = m[1];
    // The tenant decides whose keys to fetch; it is checked against the allow-list before any key is fetched.
    let tid: string;
    try {
      const claims = decodeJwt(token);
      tid = typeof claims.tid === "string" ? claims.tid.toLowerCase() : "";
    } catch {
      return unauthorized("invalid_token", "token could not be read");
    }
    if (!GUID.test(tid) || !allowed.has(tid)) return unauthorized("invalid_token", "token is for another tenant");
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keysFor(tid), {
        issuer: tabIssuers(tid),
        audience,
        algorithms: ["RS256"],
        clockTolerance: config.clockToleranceSeconds ?? 60,
        requiredClaims: ["exp", "iat", "oid", "tid"],
      }));
    } catch (err) {
      return unauthorized("invalid_token", describe(err));
    }
    const oid = typeof payload.oid === "string" ? payload.oid : undefined;
    const person = findByAadObjectId(roster, oid);
    if (!person) return { ok: false, status: 403, error: "not on the committee's roster", headers: {} };
    return { ok: true, actor: { person, ...(oid ? { aadObjectId: oid } : {}) }, local: false };
  };
}

function localAuth(currentPerson: () => Person | undefined): TabAuthenticate {
  return async (headers) => {
    const host = (headerValue(headers.host) ?? "").replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1");
    if (!isLoopback(host)) return { ok: false, status: 403, error: "local mode answers loopback only", headers: {} };
    const person = currentPerson();
    if (!person) return unauthorized("invalid_request", "no local person (start with npm start)");
    return { ok: true, actor: person.aadObjectId ? { person, aadObjectId: person.aadObjectId } : { person }, local: true };
  };
}

/** A short reason for the 401, without echoing the token. */
function describe(err: unknown): string {
  if (err instanceof errors.JWTExpired) return "token expired";
  if (err instanceof errors.JWTClaimValidationFailed) return `claim ${err.claim} is not as expected`;
  if (err instanceof errors.JWSSignatureVerificationFailed) return "signature not valid";
  if (err instanceof errors.JWKSNoMatchingKey) return "signing key not found";
  if (err instanceof errors.JOSEAlgNotAllowed) return "algorithm not allowed";
  return "token could not be verified";
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
