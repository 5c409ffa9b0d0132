import http from "node:http";
import type { AddressInfo } from "node:net";
import { createLocalJWKSet, createRemoteJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeAuthConfigFromEnv, intakeAuthenticator, issuerFor, mayFileFor } from "../../src/http/auth.js";
import { loadAppEnv } from "../../src/config.js";
import { intakeRoute, requestLocale } from "../../src/http/intake-endpoint.js";
import { startHttpServer, type RunningServer } from "../../src/http/server.js";
import { validInput } from "../domain/fixtures.js";
import { services } from "../app/fakes.js";
import { makeTestStore, type TestStore } from "../support/store.js";
import { repositories } from "../../src/store/repositories/index.js";
import { TestClock } from "../support/clock.js";

const TENANT = "11111111-2222-3333-4444-555555555555";
const AUDIENCE = "api://komitebot-intake";
const LOCAL_KEY = "local-dev-key-0123456789";
const FNR = "15057543288";
const now = () => new Date("2026-11-02T10:00:00+01:00");

let t: TestStore;
let signingKey: KeyLike;
let otherKey: KeyLike;
let jwk: JWK;
let jwksServer: http.Server;
let azure: RunningServer;
let local: RunningServer;

async function token(claims: Record<string, unknown>, opts: { key?: KeyLike; issuer?: string; audience?: string; expiresIn?: string } = {}): Promise<string> {
  return new SignJWT({ tid: TENANT, oid: "client-oid", azp: "client-app", ...claims })
    .setProtectedHeader({ alg: "RS256", kid: "k1" })
    .setIssuer(opts.issuer ?? issuerFor(TENANT))
    .setAudience(opts.audience ?? AUDIENCE)
    .setIssuedAt(Math.floor(Date.now() / 1000) - 60)
    .setExpirationTime(opts.expiresIn ?? "10m")
    .sign(opts.key ?? signingKey);
}

const post = (base: RunningServer, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base.url}/api/cases`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

beforeAll(async () => {
  t = await makeTestStore();
  ({ privateKey: signingKey } = await generateKeyPair("RS256"));
  ({ privateKey: otherKey } = await generateKeyPair("RS256"));
  // The public half of the signing key, served as the tenant's JWKS by an in-test server.
  const { createPublicKey } = await import("node:crypto");
  jwk = { ...(await exportJWK(createPublicKey(signingKey as never))), kid: "k1", alg: "RS256", use: "sig" };
  jwksServer = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
  const jwksUrl = new URL(`http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/keys`);

  const svc = services(t.store);
  const onError = (err: unknown) => {
    throw err;
  };
  azure = await startHttpServer(
    [intakeRoute({ svc, now, authenticate: intakeAuthenticator({ mode: "azure", tenantId: TENANT, audience: AUDIENCE, jwks: createRemoteJWKSet(jwksUrl) }) })],
    0,
    "127.0.0.1",
    onError,
  );
  local = await startHttpServer(
    [intakeRoute({ svc, now, authenticate: intakeAuthenticator({ mode: "local", localKey: LOCAL_KEY }) })],
    0,
    "127.0.0.1",
    onError,
  );
});
afterAll(async () => {
  await azure?.close();
  await local?.close();
  await new Promise((r) => jwksServer?.close(r));
  await t.dispose();
});

const stored = async () => (await repositories(t.store).cases.all()).length;

describe("POST /api/cases with an Entra ID token (azure mode)", () => {
  it("answers 401 with a Bearer challenge without a token, or with a token that is forged, expired, or for someone else", async () => {
    const before = await stored();
    const none = await post(azure, validInput());
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="komitebot"');

    const cases: [string, Promise<string>][] = [
      ["signature not valid", token({ roles: ["Cases.Submit"] }, { key: otherKey })],
      ["claim aud is not as expected", token({ roles: ["Cases.Submit"] }, { audience: "api://other" })],
      ["claim iss is not as expected", token({ roles: ["Cases.Submit"] }, { issuer: "https://login.microsoftonline.com/other/v2.0" })],
      ["token expired", token({ roles: ["Cases.Submit"] }, { expiresIn: "-5m" })],
      ["token is for another tenant", token({ roles: ["Cases.Submit"], tid: "99999999-2222-3333-4444-555555555555" })],
    ];
    for (const [why, jwt] of cases) {
      const res = await post(azure, validInput(), { authorization: `Bearer ${await jwt}` });
      expect(res.status, why).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain(`error="invalid_token", error_description="${why}"`);
    }
    expect(await stored()).toBe(before);
  });

  it("answers 403 to a valid token without the Cases.Submit app role", async () => {
    const before = await stored();
    const res = await post(azure, validInput(), { authorization: `Bearer ${await token({ roles: ["Cases.Read"] })}` });
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    expect(await stored()).toBe(before);
  });

  it("answers 400 listing every problem, in bokmål or English, and stores nothing", async () => {
    const before = await stored();
    const auth = { authorization: `Bearer ${await token({ roles: ["Cases.Submit.helse-stavanger"] })}` };
    const bad = { ...validInput(), code: "2026-14", grounds: [{ ground: "luck", reasoning: `Gjelder ${FNR}` }], patientName: "Kari", receivedAt: undefined };
    const nb = await post(azure, bad, auth);
    expect(nb.status).toBe(400);
    const nbBody = (await nb.json()) as { error: string; problems: { path: string; code: string; message: string }[] };
    expect(nbBody.error).toBe("Søknaden har 5 feil. Ingenting er lagret.");
    expect(nbBody.problems.map((p) => [p.path, p.code])).toEqual(
      expect.arrayContaining([
        ["code", "caseCode.invalid"],
        ["grounds.0.ground", "input.notAllowed"],
        ["grounds.0.reasoning", "privacy.nationalIdInText"],
        ["patientName", "input.unknownField"],
        ["receivedAt", "input.required"],
      ]),
    );
    expect(nbBody.problems).toHaveLength(5);
    expect(nbBody.problems.find((p) => p.path === "code")?.message).toContain("2026-14"); // the code that was given, named
    expect(nbBody.problems.find((p) => p.path === "grounds.0.reasoning")?.message).toMatch(/fødselsnummer|personnummer|D-nummer/i);

    const en = await post(azure, bad, { ...auth, "accept-language": "en-GB,en;q=0.9,nb;q=0.8" });
    const enBody = (await en.json()) as { error: string; problems: { path: string; message: string }[] };
    expect(enBody.error).toBe("The application has 5 problem(s). Nothing was saved.");
    expect(enBody.problems.find((p) => p.path === "grounds.0.reasoning")?.message).toBe(
      "The text seems to contain a national ID or D number. Remove it – cases are handled under their case code only.",
    );
    expect(enBody.problems.find((p) => p.path === "code")?.message).toMatch(/2026-14.*not a valid case code/);
    expect(await stored()).toBe(before);
  });

  it("answers 201 with the new case code for a valid application, and 200 with the same code for a retried Idempotency-Key", async () => {
    const auth = { authorization: `Bearer ${await token({ roles: ["Cases.Submit.helse-stavanger"] })}`, "idempotency-key": "portal-req-42" };
    const res = await post(azure, validInput(), auth);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { caseCode: string; status: string };
    expect(body).toEqual({ caseCode: expect.stringMatching(/^TO-2026-\d{3}$/), status: "received" });
    const again = await post(azure, validInput(), auth);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(body);
    expect((await repositories(t.store).cases.all()).filter((c) => c.code === body.caseCode)).toHaveLength(1);
  });
});

describe("POST /api/cases: a caller files for its own HF only (issue 16)", () => {
  let mapped: RunningServer;
  beforeAll(async () => {
    const jwks = createLocalJWKSet({ keys: [jwk] });
    mapped = await startHttpServer(
      [
        intakeRoute({
          svc: services(t.store),
          now,
          authenticate: intakeAuthenticator({
            mode: "azure",
            tenantId: TENANT,
            audience: AUDIENCE,
            jwks,
            hfsByClient: { "client-app": ["helse-stavanger"], "bergen-portal": ["helse-bergen"] },
          }),
        }),
      ],
      0,
      "127.0.0.1",
      (err) => {
        throw err;
      },
    );
  });
  afterAll(async () => mapped?.close());

  it("refuses (403) an application for another HF than the caller's app roles name, and stores nothing", async () => {
    const before = await stored();
    const auth = { authorization: `Bearer ${await token({ roles: ["Cases.Submit.helse-bergen", "Cases.Submit.helse-fonna"] })}` };
    const res = await post(azure, validInput(), auth); // applyingHfId: helse-stavanger
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    const body = (await res.json()) as { error: string };
    expect(body.error).toBe("Denne klienten har ikke lov til å sende søknader for Helse Stavanger HF. Ingenting er lagret.");
    expect(body.error).not.toContain("helse-stavanger"); // the HF's name, never its roster id
    const en = await post(azure, validInput(), { ...auth, "accept-language": "en" });
    expect(((await en.json()) as { error: string }).error).toBe("This client may not submit applications for Helse Stavanger HF. Nothing was saved.");
    expect(await stored()).toBe(before);
  });

  it("refuses a caller with only the plain Cases.Submit role and no HF mapped to its client", async () => {
    const before = await stored();
    const res = await post(azure, validInput(), { authorization: `Bearer ${await token({ roles: ["Cases.Submit"] })}` });
    expect(res.status).toBe(403);
    expect(await stored()).toBe(before);
  });

  it("files for the HFs INTAKE_HF_BY_CLIENT maps the token's client to, and for no other", async () => {
    const before = await stored();
    const own = await post(mapped, validInput(), { authorization: `Bearer ${await token({ roles: ["Cases.Submit"] })}` }); // azp: client-app → helse-stavanger
    expect(own.status).toBe(201);
    const other = await post(mapped, validInput(), { authorization: `Bearer ${await token({ roles: ["Cases.Submit"], azp: "bergen-portal" })}` });
    expect(other.status).toBe(403);
    expect(await stored()).toBe(before + 1);
  });

  it("exposes the check for other routes that file for an HF (documents): mayFileFor", () => {
    const principal = { kind: "token" as const, id: "x", tenantId: TENANT, hfs: ["helse-stavanger"] };
    expect(mayFileFor(principal, "helse-stavanger")).toBe(true);
    expect(mayFileFor(principal, "helse-bergen")).toBe(false);
    expect(mayFileFor({ kind: "localKey", id: "local-key" }, "helse-bergen")).toBe(true);
  });

  it("keeps the development key to loopback: local mode with INTAKE_LOCAL_KEY refuses a non-loopback HOST", () => {
    const env = { KOMITEBOT_MODE: "local", HOST: "0.0.0.0", BOT_ID: "6f1b9c1e-0000-4000-8000-00000000b07a", INTAKE_LOCAL_KEY: LOCAL_KEY };
    expect(() => loadAppEnv(env)).toThrow(/INTAKE_LOCAL_KEY: the development intake key works on loopback only/);
    expect(() => loadAppEnv({ KOMITEBOT_MODE: "local", HOST: "0.0.0.0", INTAKE_LOCAL_KEY: LOCAL_KEY })).toThrow(/HOST/);
    expect(loadAppEnv({ KOMITEBOT_MODE: "local", HOST: "127.0.0.1", INTAKE_LOCAL_KEY: LOCAL_KEY }).host).toBe("127.0.0.1");
    // In azure mode the key is not a way in at all: only tokens are.
    expect(intakeAuthConfigFromEnv({ KOMITEBOT_MODE: "azure", BOT_TENANT_ID: TENANT, INTAKE_LOCAL_KEY: LOCAL_KEY }).mode).toBe("azure");
  });

  it("validates INTAKE_HF_BY_CLIENT", () => {
    expect(loadAppEnv({ INTAKE_HF_BY_CLIENT: '{"client-app":["helse-stavanger"]}' }).INTAKE_HF_BY_CLIENT).toEqual({ "client-app": ["helse-stavanger"] });
    expect(() => loadAppEnv({ INTAKE_HF_BY_CLIENT: "client-app=helse-stavanger" })).toThrow(/INTAKE_HF_BY_CLIENT: must be JSON/);
    expect(() => loadAppEnv({ INTAKE_HF_BY_CLIENT: '{"client-app":"helse-stavanger"}' })).toThrow(/INTAKE_HF_BY_CLIENT: must map/);
  });
});

describe("POST /api/cases with the local development key (local mode)", () => {
  it("answers 401 without the key, with a wrong key, or with a bearer token", async () => {
    const before = await stored();
    const variants: Record<string, string>[] = [
      {},
      { "x-komitebot-key": "wrong" },
      { "x-komitebot-key": `${LOCAL_KEY}x` },
      { authorization: `Bearer ${await token({ roles: ["Cases.Submit"] })}` },
    ];
    for (const headers of variants) {
      const res = await post(local, validInput(), headers);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain('header="x-komitebot-key"');
    }
    expect(await stored()).toBe(before);
  });

  it("answers 201 with the case code for the right key", async () => {
    const res = await post(local, validInput(), { "x-komitebot-key": LOCAL_KEY });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { caseCode: string }).caseCode).toMatch(/^TO-2026-\d{3}$/);
  });

  it("has no way in at all when no local key is configured", async () => {
    const auth = intakeAuthenticator({ mode: "local" });
    expect((await auth({ "x-komitebot-key": "" })).ok).toBe(false);
  });
});

describe("case codes count per year in Oslo", () => {
  const submitAt = async (now: () => Date) => {
    const handler = intakeRoute({ svc: services(t.store), now, authenticate: intakeAuthenticator({ mode: "local", localKey: LOCAL_KEY }) }).handler;
    const res = await handler({ method: "POST", path: "/api/cases", headers: { "x-komitebot-key": LOCAL_KEY }, body: validInput() });
    expect(res.status).toBe(201);
    return (res.body as { caseCode: string }).caseCode;
  };

  it("numbers an application by the year in Oslo when it arrives, also on New Year's night", async () => {
    expect(await submitAt(() => new Date("2026-12-31T23:30:00+01:00"))).toMatch(/^TO-2026-\d{3}$/); // 22:30Z
    expect(await submitAt(() => new Date("2027-01-01T00:30:00+01:00"))).toMatch(/^TO-2027-\d{3}$/); // 23:30Z: UTC is still in 2026
  });

  it("numbers an application by the year in Oslo at the pinned test instant (TEST_NOW)", async () => {
    const clock = new TestClock();
    expect(await submitAt(clock.now)).toMatch(new RegExp(`^TO-${clock.oslo().year}-\\d{3}$`));
  });
});

describe("when the store is down", () => {
  it("answers 503 with Retry-After, having registered nothing", async () => {
    const { StoreUnavailableError } = await import("../../src/app/ports.js");
    const svc = services(t.store);
    const down = { ...svc.cases, byIntakeOperation: () => Promise.reject(new StoreUnavailableError("down")) };
    const handler = intakeRoute({ svc: { ...svc, cases: down }, now, authenticate: intakeAuthenticator({ mode: "local", localKey: LOCAL_KEY }) }).handler;
    const res = await handler({ method: "POST", path: "/api/cases", headers: { "x-komitebot-key": LOCAL_KEY }, body: validInput() });
    expect(res.status).toBe(503);
    expect(res.headers?.["retry-after"]).toBe("30");
  });
});

describe("the JWKS source is injectable", () => {
  it("accepts a local key set as well as a served one", async () => {
    const auth = intakeAuthenticator({ mode: "azure", tenantId: TENANT, audience: AUDIENCE, jwks: createLocalJWKSet({ keys: [jwk] }) });
    const out = await auth({ authorization: `Bearer ${await token({ roles: ["Cases.Submit"] })}` });
    expect(out).toEqual({ ok: true, principal: { kind: "token", id: "client-oid", appId: "client-app", tenantId: TENANT, hfs: [] } });
    const off = await intakeAuthenticator({ mode: "azure", tenantId: TENANT })({});
    expect(!off.ok && off.status).toBe(503);
  });
});

describe("language of the answer", () => {
  it("is English for an English first preference, else bokmål", () => {
    expect(requestLocale("en-US")).toBe("en");
    expect(requestLocale("nb-NO,en;q=0.5")).toBe("nb");
    expect(requestLocale("nn;q=0.3, en;q=0.8")).toBe("en");
    expect(requestLocale(undefined)).toBe("nb");
  });
});
