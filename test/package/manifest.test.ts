/**
 * The Teams app package, checked offline: the manifest against the schema that
 * ships in @microsoft/app-manifest, the localization file against its schema,
 * the icons' sizes and transparency, the bot's scopes and RSC permissions, and
 * the zip the packaging tool writes.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import AjvDraft04 from "ajv-draft-04";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_PACKAGE_DIR, REPO_ROOT, buildAppPackage, parseEnvFile, placeholdersIn, substitutePlaceholders } from "../tools/package-app.js";
import { decodePng, readPng } from "./png.js";
import { unzip } from "./zip.js";

type Json = Record<string, any>;
type AjvClass = typeof AjvDraft04.default;

const require = createRequire(import.meta.url);
const rawManifest = readFileSync(path.join(APP_PACKAGE_DIR, "manifest.json"), "utf8");
const manifestSource = JSON.parse(rawManifest) as Json;
const manifestVersion = manifestSource.manifestVersion as string;
const schemaDir = path.join(path.dirname(require.resolve("@microsoft/app-manifest/package.json")), "build/json-schemas/teams", `v${manifestVersion}`);

/** Plausible values for every placeholder the package uses. */
const TEST_VARS = {
  TEAMS_APP_ID: "0b7e3c2a-5d4f-4e8a-9c1b-2f6a7d8e9f01",
  BOT_ID: "4c2d1e0f-8a9b-4c3d-8e7f-6a5b4c3d2e1f",
  RSC_APP_ID: "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
  BOT_DOMAIN: "app-komitebot-test.azurewebsites.net",
};

const manifest = JSON.parse(substitutePlaceholders(rawManifest, TEST_VARS)) as Json;
const enUs = JSON.parse(readFileSync(path.join(APP_PACKAGE_DIR, "en-us.json"), "utf8")) as Json;

function validator(schemaFile: string) {
  // ajv-draft-04 is CommonJS: under NodeNext the default import is the module object, whose .default is the class.
  const Ajv: AjvClass = (AjvDraft04 as unknown as { default?: AjvClass }).default ?? (AjvDraft04 as unknown as AjvClass);
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat("uri", /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
  ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  const validate = ajv.compile(JSON.parse(readFileSync(path.join(schemaDir, schemaFile), "utf8")));
  return (data: unknown) => ({ ok: validate(data) as boolean, errors: ajv.errorsText(validate.errors, { separator: "\n" }) });
}

describe("manifest.json", () => {
  const validateManifest = validator("MicrosoftTeams.schema.json");

  it("uses the newest manifest schema shipped in @microsoft/app-manifest", () => {
    const versions = readdirVersions();
    expect(manifestVersion).toBe(versions[versions.length - 1]);
    expect(Number(manifestVersion.split(".")[1])).toBeGreaterThanOrEqual(19);
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/en-us/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`);
  });

  it("is valid against the Teams manifest schema once placeholders are filled", () => {
    const result = validateManifest(manifest);
    expect(result.errors).toBe("No errors");
    expect(result.ok).toBe(true);
  });

  it("the validator really rejects a broken manifest", () => {
    const wrongCase = structuredClone(manifest);
    wrongCase.bots[0].scopes = ["personal", "groupchat"];
    expect(validateManifest(wrongCase).errors).toMatch(/scopes/);
    const wrongVersion = structuredClone(manifest);
    wrongVersion.manifestVersion = "1.0";
    expect(validateManifest(wrongVersion).errors).toMatch(/manifestVersion/);
    const badId = structuredClone(manifest);
    badId.bots[0].botId = "not-a-guid";
    expect(validateManifest(badId).ok).toBe(false);
  });

  it("uses only the toolkit placeholders the env files document", () => {
    expect(placeholdersIn(rawManifest).sort()).toEqual(Object.keys(TEST_VARS).sort());
    const example = parseEnvFile(readFileSync(path.join(REPO_ROOT, "env/.env.dev.example"), "utf8"));
    for (const name of placeholdersIn(rawManifest)) expect(Object.keys(example), `${name} in env/.env.dev.example`).toContain(name);
  });

  it("declares one conversational bot in personal, groupChat and team scope", () => {
    expect(manifest.id).toBe(TEST_VARS.TEAMS_APP_ID);
    expect(manifest.bots).toHaveLength(1);
    const bot = manifest.bots[0];
    expect(bot.botId).toBe(TEST_VARS.BOT_ID);
    expect([...bot.scopes].sort()).toEqual(["groupChat", "personal", "team"]);
    // Files (decision record PDF/Markdown, register CSV) go to the coordinator by file consent in 1:1 chat.
    expect(bot.supportsFiles).toBe(true);
    expect(bot.isNotificationOnly ?? false).toBe(false);
  });

  it("offers the bokmål command hints in meeting chats and teams", () => {
    const group = manifestSource.bots[0].commandLists.find((l: Json) => l.scopes.includes("groupChat"));
    expect(group.scopes).toContain("team");
    expect(group.commands.map((c: Json) => c.title)).toEqual(["sakliste", "oppmøte", "neste sak", "koble møte", "hjelp"]);
    const personal = manifestSource.bots[0].commandLists.find((l: Json) => l.scopes.includes("personal"));
    expect(personal.commands.map((c: Json) => c.title)).toContain("hjelp");
  });

  it("asks for exactly the meeting RSC permissions the bot needs, as application permissions", () => {
    const rsc = manifest.authorization.permissions.resourceSpecific as Json[];
    // The last: the chair's targeted in-meeting notification when the case in hand loses quorum.
    expect(rsc.map((p) => p.name).sort()).toEqual([
      "ChannelMeeting.ReadBasic.Group",
      "OnlineMeeting.ReadBasic.Chat",
      "OnlineMeetingNotification.Send.Chat",
      "OnlineMeetingParticipant.Read.Chat",
    ]);
    for (const p of rsc) expect(p.type).toBe("Application");
    // RSC is granted to an Entra app registration; a managed identity has none (see env/README.md).
    expect(manifest.webApplicationInfo.id).toBe(TEST_VARS.RSC_APP_ID);
  });

  it("has the meeting book (Møtemappe) as a personal tab and a meeting side panel, served by the bot's own host", () => {
    expect(manifest.staticTabs).toEqual([
      expect.objectContaining({ entityId: "moetemappe", name: "Møtemappe", scopes: ["personal"], contentUrl: `https://${TEST_VARS.BOT_DOMAIN}/tab` }),
    ]);
    const [meetingTab] = manifest.configurableTabs as Json[];
    expect(meetingTab!.configurationUrl).toBe(`https://${TEST_VARS.BOT_DOMAIN}/tab/config`);
    expect(meetingTab!.scopes).toEqual(["groupChat"]);
    expect(meetingTab!.context).toEqual(expect.arrayContaining(["meetingSidePanel", "meetingChatTab"]));
    expect(enUs["staticTabs[0].name"]).toBe("Meeting book");
  });

  it("declares the tab's SSO: webApplicationInfo's resource is api://<domain>/<app id> of the registration aad.manifest.json exposes access_as_user on", () => {
    expect(manifest.webApplicationInfo).toEqual({ id: TEST_VARS.RSC_APP_ID, resource: `api://${TEST_VARS.BOT_DOMAIN}/${TEST_VARS.RSC_APP_ID}` });
    const aad = JSON.parse(readFileSync(path.join(REPO_ROOT, "aad.manifest.json"), "utf8")) as Json;
    expect(aad.appId).toBe("${{RSC_APP_ID}}");
    expect(aad.identifierUris).toEqual(["api://${{BOT_DOMAIN}}/${{RSC_APP_ID}}"]);
    expect(aad.oauth2Permissions.map((p: Json) => [p.value, p.type, p.isEnabled])).toEqual([["access_as_user", "User", true]]);
    const scopeId = aad.oauth2Permissions[0].id;
    // The Teams desktop/mobile and web clients, pre-authorized: nobody is asked to consent to the tab.
    expect(aad.preAuthorizedApplications).toEqual([
      { appId: "1fec8e78-bce4-4aaf-ab1b-5451cc387264", permissionIds: [scopeId] },
      { appId: "5e3ce6c0-2b1f-4285-8d4b-75ee78787346", permissionIds: [scopeId] },
    ]);
    const yml = readFileSync(path.join(REPO_ROOT, "teamsapp.yml"), "utf8");
    expect(yml).toMatch(/- uses: aadApp\/update\s+with:\s+manifestPath: \.\/aad\.manifest\.json/);
    // After arm/deploy (the app id URI needs BOT_DOMAIN), before the package.
    expect(yml.indexOf("aadApp/update")).toBeGreaterThan(yml.indexOf("arm/deploy"));
    expect(yml.indexOf("aadApp/update")).toBeLessThan(yml.indexOf("teamsApp/zipAppPackage"));
    const example = parseEnvFile(readFileSync(path.join(REPO_ROOT, "env/.env.dev.example"), "utf8"));
    for (const name of placeholdersIn(JSON.stringify(aad))) expect(Object.keys(example), `${name} in env/.env.dev.example`).toContain(name);
  });

  it("allows the bot's own domain and nothing else", () => {
    expect(manifest.validDomains).toEqual([TEST_VARS.BOT_DOMAIN]);
  });

  it("speaks bokmål by default with English as an additional language", () => {
    expect(manifest.localizationInfo.defaultLanguageTag).toBe("nb-no");
    expect(manifest.localizationInfo.additionalLanguages).toEqual([{ languageTag: "en-us", file: "en-us.json" }]);
    expect(manifest.name.short).toBe("Komitébot");
    expect(manifest.description.short).toMatch(/vurderingskomiteen/);
  });

  it("speaks the committee's own words (DOMAIN.md): a vurderingskomité, its sakliste, an avgjørelse — never a vedtak or an utvalg", () => {
    const texts = [JSON.stringify(manifestSource), JSON.stringify(enUs)].join("\n");
    expect(texts).not.toMatch(/vedtak|utvalg|sakslist/i);
    expect(texts).not.toMatch(/minutes/i);
    expect(manifest.name.full).toMatch(/vurderingskomiteen/);
    expect(manifest.description.full).toMatch(/avgjørelse/);
    const personal = manifestSource.bots[0].commandLists.find((l: Json) => l.scopes.includes("personal"));
    expect(personal.commands).toContainEqual({ title: "sakliste", description: "Vis sakene som venter på deg" });
  });

  it("points developer links at https URLs", () => {
    for (const key of ["websiteUrl", "privacyUrl", "termsOfUseUrl"]) expect(manifest.developer[key]).toMatch(/^https:\/\//);
  });
});

describe("en-us.json (localization)", () => {
  it("is valid against the localization schema", () => {
    const result = validator("MicrosoftTeams.Localization.schema.json")(enUs);
    expect(result.errors).toBe("No errors");
    expect(result.ok).toBe(true);
    expect(enUs.$schema).toBe(`https://developer.microsoft.com/en-us/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.Localization.schema.json`);
  });

  it("only localizes strings that exist in the manifest", () => {
    for (const key of Object.keys(enUs).filter((k) => k !== "$schema")) {
      const value = key
        .split(/\.|\[(\d+)\]\.?/)
        .filter((s) => s !== undefined && s !== "")
        .reduce<any>((node, part) => node?.[part], manifestSource);
      expect(typeof value, `${key} exists in manifest.json`).toBe("string");
    }
  });

  it("keeps command titles in bokmål so the bot parses one set of commands", () => {
    expect(Object.keys(enUs).some((k) => /commands\[\d+\]\.title$/.test(k))).toBe(false);
  });
});

describe("icons", () => {
  it("color.png is a 192x192 full-colour PNG", () => {
    const png = decodePng(readFileSync(path.join(APP_PACKAGE_DIR, manifest.icons.color)));
    expect([png.width, png.height]).toEqual([192, 192]);
    const colours = new Set<string>();
    for (let i = 0; i < png.rgba.length; i += 4) if (png.rgba[i + 3] === 255) colours.add(png.rgba.subarray(i, i + 3).toString("hex"));
    expect(colours.size).toBeGreaterThan(16);
    // The centre pixel of the ring is the blue background, not white.
    const c = (96 * 192 + 60) * 4;
    expect(png.rgba[c + 2]).toBeGreaterThan(png.rgba[c] as number);
  });

  it("outline.png is a 32x32 white glyph on a transparent background", () => {
    const file = readFileSync(path.join(APP_PACKAGE_DIR, manifest.icons.outline));
    const { info } = readPng(file);
    expect([info.width, info.height]).toEqual([32, 32]);
    expect(info.colorType).toBe(6); // RGBA: has an alpha channel
    const png = decodePng(file);
    let transparent = 0;
    let drawn = 0;
    for (let i = 0; i < png.rgba.length; i += 4) {
      const a = png.rgba[i + 3] as number;
      if (a === 0) transparent++;
      else {
        drawn++;
        expect([png.rgba[i], png.rgba[i + 1], png.rgba[i + 2]], `pixel ${i / 4} is white`).toEqual([255, 255, 255]);
      }
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.5);
    expect(drawn).toBeGreaterThan(32);
    // The corners are empty.
    for (const [x, y] of [
      [0, 0],
      [31, 0],
      [0, 31],
      [31, 31],
    ] as const)
      expect(png.rgba[(y * 32 + x) * 4 + 3]).toBe(0);
  });
});

describe("package-app (the zip builder)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "komitebot-pkg-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a zip with the manifest, both icons and the localization file", () => {
    const result = buildAppPackage({ envName: "test", vars: TEST_VARS, outDir: dir });
    expect(path.basename(result.zipPath)).toBe("appPackage.test.zip");
    const entries = unzip(readFileSync(result.zipPath));
    expect(entries.map((e) => e.name)).toEqual(["manifest.json", "color.png", "outline.png", "en-us.json"]);
    const byName = Object.fromEntries(entries.map((e) => [e.name, e.data]));
    const packed = JSON.parse(byName["manifest.json"]!.toString("utf8")) as Json;
    expect(packed).toEqual(manifest);
    expect(byName["color.png"]!.equals(readFileSync(path.join(APP_PACKAGE_DIR, "color.png")))).toBe(true);
    expect(byName["outline.png"]!.equals(readFileSync(path.join(APP_PACKAGE_DIR, "outline.png")))).toBe(true);
    expect(JSON.parse(byName["en-us.json"]!.toString("utf8"))).toEqual(enUs);
    expect(JSON.parse(readFileSync(path.join(dir, "manifest.test.json"), "utf8"))).toEqual(manifest);
    expect(rawSchemaFree(byName["manifest.json"]!.toString("utf8"))).toBe(true);
  });

  it.skipIf(!hasUnzip())("produces a zip that Info-ZIP unzip accepts", () => {
    const { zipPath } = buildAppPackage({ envName: "unzip", vars: TEST_VARS, outDir: dir });
    const out = execFileSync("unzip", ["-t", zipPath], { encoding: "utf8" });
    expect(out).toMatch(/No errors detected/);
    const listing = execFileSync("unzip", ["-Z1", zipPath], { encoding: "utf8" }).trim().split("\n");
    expect(listing).toEqual(["manifest.json", "color.png", "outline.png", "en-us.json"]);
  });

  it("names every unresolved placeholder", () => {
    expect(() => buildAppPackage({ envName: "x", vars: { TEAMS_APP_ID: TEST_VARS.TEAMS_APP_ID, BOT_ID: "" }, outDir: dir })).toThrow(
      /\$\{\{BOT_ID\}\}.*\$\{\{BOT_DOMAIN\}\}.*\$\{\{RSC_APP_ID\}\}|BOT_ID.*RSC_APP_ID.*BOT_DOMAIN/,
    );
  });

  it("runs from the command line with an env file, and fails clearly without one", () => {
    const envFile = path.join(dir, ".env.ci");
    writeFileSync(
      envFile,
      Object.entries(TEST_VARS)
        .map(([k, v]) => `${k}=${v}`)
        .join("\n") + "\n# a comment\n",
    );
    const tsx = path.join(REPO_ROOT, "node_modules/.bin/tsx");
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !(k in TEST_VARS)));
    const ok = spawnSync(tsx, ["test/tools/package-app.ts", "--env-file", envFile, "--out-dir", dir], { cwd: REPO_ROOT, env, encoding: "utf8" });
    expect(ok.stderr.replace(/npm warn.*\n?/g, "")).toBe("");
    expect(ok.status).toBe(0);
    expect(unzip(readFileSync(path.join(dir, "appPackage.ci.zip"))).map((e) => e.name)).toContain("manifest.json");

    const bad = spawnSync(tsx, ["test/tools/package-app.ts", "--env", "nothing", "--out-dir", dir], { cwd: REPO_ROOT, env, encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/Unresolved placeholders .*TEAMS_APP_ID/);
  });

  it("parses toolkit env files", () => {
    expect(parseEnvFile('# c\nA=1\nB="two words"\nexport C=3 # trailing\nD=\n')).toEqual({ A: "1", B: "two words", C: "3", D: "" });
  });
});

function readdirVersions(): string[] {
  const teamsDir = path.dirname(schemaDir);
  return readdirSync(teamsDir)
    .filter((d) => /^v1\.\d+$/.test(d))
    .map((d) => d.slice(1))
    .sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1]));
}

function rawSchemaFree(text: string): boolean {
  return placeholdersIn(text).length === 0;
}

function hasUnzip(): boolean {
  return spawnSync("unzip", ["-v"], { stdio: "ignore" }).status === 0;
}
