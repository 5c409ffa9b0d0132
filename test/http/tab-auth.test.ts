/**
 * The meeting book's sign-in (src/http/tab-auth.ts), through the whole app:
 * in Azure mode the tab's API accepts a Teams SSO token only when it is signed
 * by a key of an allowed tenant's JWKS (here a stand-in on loopback with a
 * test key), issued by that tenant (v1 or v2 issuer), for the app
 * (api://<domain>/<app id> or the bare id) and not expired; forged, expired,
 * wrong-audience and other-tenant tokens, and none at all, get 401; a valid
 * token for someone not on the roster gets 403. No token reaches the log.
 * Locally, on loopback only, the reader is the launcher's current person.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAppEnv } from "../../src/config.js";
import { DEMO_ROSTER } from "../../src/host.js";
import type { Person } from "../../src/domain/roster.js";
import { TENANT } from "../support/activities.js";
import { BotHarness } from "../support/bot-harness.js";

const BOT_ID = "6f1b9c1e-0000-4000-8000-00000000b07a";
const DOMAIN = "komitebot.example.org";
const OTHER_TENANT = "0b0b0b0b-0000-4000-8000-0000000000ff";
const MEMBER_OID = "00000000-0000-4000-8000-000000000001"; // m-sorost-1 in the demo roster

interface Keys {
  privateKey: KeyLike;
  kid: string;
}

let jwks: http.Server;
let jwksUrl = "";
let good: Keys;
let rogue: Keys;
const fetchedFor: string[] = [];

beforeAll(async () => {
  const a = await generateKeyPair("RS256");
  const b = await generateKeyPair("RS256");
  good = { privateKey: a.privateKey, kid: "test-key-1" };
  // The forger's key claims the same kid: only the signature tells them apart.
  rogue = { privateKey: b.privateKey, kid: "test-key-1" };
  const published = { keys: [{ ...(await exportJWK(a.publicKey)), kid: good.kid, alg: "RS256", use: "sig" }] };
  jwks = http.createServer((req, res) => {
    fetchedFor.push(req.url ?? "");
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(published));
  });
  await new Promise<void>((r) => jwks.listen(0, "127.0.0.1", () => r()));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => jwks.close(() => r())));

async function token(over: { tid?: string; oid?: string; aud?: string; iss?: string; expiresIn?: number; keys?: Keys } = {}): Promise<string> {
  const tid = over.tid ?? TENANT;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tid, oid: over.oid ?? MEMBER_OID, scp: "access_as_user", name: "Test" })
    .setProtectedHeader({ alg: "RS256", kid: (over.keys ?? good).kid, typ: "JWT" })
    .setIssuer(over.iss ?? `https://login.microsoftonline.com/${tid}/v2.0`)
    .setAudience(over.aud ?? `api://${DOMAIN}/${BOT_ID}`)
    .setIssuedAt(now - 60)
    .setExpirationTime(now + (over.expiresIn ?? 3600))
    .sign((over.keys ?? good).privateKey);
}

describe("the meeting book in Azure mode: Teams SSO", () => {
  let h: BotHarness;
  const me = async (headers: Record<string, string>) => {
    const r = await fetch(`${h.host.server.url}/api/tab/me`, { headers });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  const used: string[] = [];

  beforeAll(async () => {
    h = await BotHarness.start({
      env: {
        KOMITEBOT_MODE: "azure",
        HOST: "127.0.0.1",
        BOT_ID,
        BOT_TENANT_ID: TENANT,
        BOT_TYPE: "UserAssignedMsi",
        ALLOWED_TENANT_IDS: TENANT,
        ROSTER_FILE: DEMO_ROSTER,
        PUBLIC_BASE_URL: `https://${DOMAIN}`,
        BLOB_ACCOUNT_URL: "https://stkomitebottest.blob.core.windows.net",
        DEMO_DATA: "true",
      },
      tabJwksUrl: (tid) => new URL(`${jwksUrl}/${tid}/discovery/v2.0/keys`),
      // Given, but never used in Azure mode: there the reader is whoever the token names.
      localPerson: () => ({ id: "chair", name: "Leder", role: "chair", isFagdirektor: false }) as Person,
    });
  });
  afterAll(() => h.stop());

  it("accepts a valid v2 token for api://<domain>/<app id> and names the roster person behind its oid", async () => {
    const t = await token();
    used.push(t);
    const r = await me(bearer(t));
    expect(r.status).toBe(200);
    expect(r.body.person).toMatchObject({ id: "m-sorost-1" });
    expect(r.body.localBanner).toBeUndefined();
  });

  it("accepts a v1 token (sts.windows.net issuer) for the bare client id, as Entra may issue either", async () => {
    const t = await token({ iss: `https://sts.windows.net/${TENANT}/`, aud: BOT_ID });
    used.push(t);
    expect((await me(bearer(t))).status).toBe(200);
  });

  it.each<[string, () => Promise<Record<string, string>>]>([
    ["no token", async () => ({})],
    ["a token that is not a JWT", async () => bearer("not-a-token")],
    ["a forged signature", async () => bearer(await token({ keys: rogue }))],
    ["an expired token", async () => bearer(await token({ expiresIn: -600 }))],
    ["a token for another audience", async () => bearer(await token({ aud: `api://${DOMAIN}/11111111-0000-4000-8000-000000000000` }))],
    ["a token for the Graph, not this app", async () => bearer(await token({ aud: "https://graph.microsoft.com" }))],
    ["a token of another tenant", async () => bearer(await token({ tid: OTHER_TENANT }))],
    [
      "an allowed tenant's claim with another tenant's issuer",
      async () => bearer(await token({ iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` })),
    ],
    ["an unsigned token (alg none)", async () => bearer(`${b64({ alg: "none", typ: "JWT" })}.${b64({ tid: TENANT, oid: MEMBER_OID, aud: BOT_ID })}.`)],
  ])("refuses %s with 401 and reads nothing", async (_label, headers) => {
    const h1 = await headers();
    if (h1.authorization) used.push(h1.authorization.slice(7));
    const r = await me(h1);
    expect(r.status).toBe(401);
    expect(r.body).not.toHaveProperty("person");
    expect(r.body.error).toBe("Innloggingen ble ikke godtatt. Lukk fanen og åpne den igjen.");
  });

  it("answers 401 in the reader's language", async () => {
    const r = await fetch(`${h.host.server.url}/api/tab/me?locale=en-GB`);
    expect(((await r.json()) as { error: string }).error).toBe("Your sign-in was not accepted. Close the tab and open it again.");
    expect(r.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("answers 403 to a valid token for someone not on the roster: signed in, but no meeting book", async () => {
    const t = await token({ oid: "99999999-0000-4000-8000-000000000000" });
    used.push(t);
    const r = await me(bearer(t));
    expect(r.status).toBe(403);
    expect(r.body.error).toBe("Du står ikke på komiteens liste og har ingen møtemappe.");
  });

  it("fetches keys only for an allowed tenant", () => {
    expect(fetchedFor.every((u) => u.startsWith(`/${TENANT}/`))).toBe(true);
    expect(fetchedFor.length).toBeGreaterThan(0);
  });

  it("never writes a token, or a part of one, to the log", () => {
    const log = h.logLines.join("\n");
    for (const t of used) for (const part of t.split(".").filter((p) => p.length > 8)) expect(log).not.toContain(part);
  });

  it("serves the page for Teams: teams-js from this server, framed only by Teams' clients", async () => {
    const r = await fetch(`${h.host.server.url}/tab`);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain(`<script src="/tab/teams-js.js"></script>`);
    expect(html).not.toMatch(/https?:\/\/[^"]*\.js/); // no CDN
    const csp = r.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-src blob:");
    const lib = await fetch(`${h.host.server.url}/tab/teams-js.js`);
    expect(lib.status).toBe(200);
    expect(await lib.text()).toContain("getAuthToken");
  });
});

describe("the meeting book in local mode: the launcher's person, on loopback only", () => {
  let h: BotHarness;
  let current = "m-vest-2";
  beforeAll(async () => {
    h = await BotHarness.start({ localPerson: () => h.roster.people.find((p) => p.id === current) });
  });
  afterAll(() => h.stop());

  it("reads as the launcher's current person, and says so in a banner", async () => {
    const r = await fetch(`${h.host.server.url}/api/tab/me`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { person: { id: string }; localBanner: string };
    expect(body.person.id).toBe("m-vest-2");
    expect(body.localBanner).toMatch(/^Lokal modus – du er .+\. Uten Teams og uten innlogging/);
    current = "chair";
    const again = (await (await fetch(`${h.host.server.url}/api/tab/me?locale=en`)).json()) as { person: { id: string }; localBanner: string };
    expect(again.person.id).toBe("chair");
    expect(again.localBanner).toMatch(/^Local mode – you are /);
  });

  it("refuses a request whose Host is not a loopback name (DNS rebinding)", async () => {
    const port = new URL(h.host.server.url).port;
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port, path: "/api/tab/me", headers: { host: `evil.example:${port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on("error", reject);
    });
    expect(status).toBe(403);
  });

  it("serves the local page without Teams' library", async () => {
    const html = await (await fetch(`${h.host.server.url}/tab`)).text();
    expect(html).toContain(`data-mode="local"`);
    expect(html).not.toContain("teams-js.js");
  });
});

describe("the meeting book with no launcher (a plain local run)", () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await BotHarness.start();
  });
  afterAll(() => h.stop());

  it("has no reader: 401", async () => {
    expect((await fetch(`${h.host.server.url}/api/tab/me`)).status).toBe(401);
  });
});

describe("the meeting book's reader named in the configuration (npm run dev, the benchmark)", () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await BotHarness.start({ env: { KOMITEBOT_TAB_PERSON: "obs-dmp" } });
  });
  afterAll(() => h.stop());

  it("reads as KOMITEBOT_TAB_PERSON in local mode on loopback", async () => {
    const body = (await (await fetch(`${h.host.server.url}/api/tab/me`)).json()) as { person: { id: string } };
    expect(body.person.id).toBe("obs-dmp");
  });

  it("is refused in azure mode: there the reader signs in with Teams", () => {
    expect(() =>
      loadAppEnv({
        KOMITEBOT_MODE: "azure",
        BOT_ID: BOT_ID,
        BOT_TENANT_ID: TENANT,
        ALLOWED_TENANT_IDS: TENANT,
        ROSTER_FILE: DEMO_ROSTER,
        KOMITEBOT_TAB_PERSON: "chair",
      }),
    ).toThrow(/KOMITEBOT_TAB_PERSON: is for local mode only/);
  });
});

function b64(o: object): string {
  return Buffer.from(JSON.stringify(o)).toString("base64url");
}
