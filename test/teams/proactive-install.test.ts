/**
 * Issue 14: a person the bot must write to who never installed the app gets
 * it installed through Microsoft Graph (a stand-in on loopback), then the 1:1
 * chat is opened through the Bot Connector and the card sent. 409 counts as
 * installed; 403 (no admin consent) and 404 (unknown user) keep the notice and
 * tell the coordinator once; 429's Retry-After is waited for.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testToday } from "../support/clock.js";
import { cardAction, installationUpdate, personalMessage } from "../support/activities.js";
import { BotHarness, cardText } from "../support/bot-harness.js";
import { FakeConnector } from "../support/fake-connector.js";
import { FakeGraph } from "../support/fake-graph.js";

const CATALOG_APP_ID = "5b3b2a1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c";
const TOKEN = "static-test-token";

let h: BotHarness;
let graph: FakeGraph;
const aad = (id: string) => h.who(id).aadObjectId;
const cardsTo = (id: string) => h.cardsTo(id);
let n = 0;
/** The coordinator registers an application from the HF: its decision recipients get the receipt. */
async function register(hfId: string) {
  const form = {
    methodName: `Metode ${++n}`,
    nyeMetoderId: `ID2024_${String(100 + n)}`,
    beslutningsforumDate: "2025-03-12",
    applyingHfId: hfId,
    ground_higherSeverity: "true",
    reasoning_higherSeverity: "Vesentlig yngre pasient enn gruppen i metodevurderingen.",
    receivedDate: testToday.toISODate()!,
  };
  await h.post(cardAction(h.url, h.who("coord"), "registerCase", form, { personal: true }));
  return (await h.svc.cases.all()).find((c) => c.method.name === form.methodName)!;
}
const alertsToCoordinator = () =>
  cardsTo("coord")
    .map(cardText)
    .filter((t) => /installere|katalog/.test(t));

describe("installing the app for people who never did (Microsoft Graph)", () => {
  beforeAll(async () => {
    graph = await new FakeGraph().start();
    const connector = await new FakeConnector().start();
    h = await BotHarness.start({
      connector,
      graphToken: async () => TOKEN,
      env: { TEAMS_CATALOG_APP_ID: CATALOG_APP_ID, GRAPH_BASE_URL: graph.url, TEAMS_SERVICE_URL: connector.url, GRAPH_INSTALL_MAX_WAIT_S: "5" },
    });
    await h.post(installationUpdate(h.url, h.who("coord")));
  });
  afterAll(async () => {
    await h.stop();
    await graph.stop();
  });

  it("installs the app for a fagdirektør who never opened it (201), opens the 1:1 chat and sends the receipt there", async () => {
    expect((await h.svc.directory.user(aad("dir-stavanger")))?.personalRef).toBeUndefined();
    const c = await register("helse-stavanger");
    const [call] = graph.installsFor(aad("dir-stavanger"));
    expect(call).toMatchObject({
      method: "POST",
      path: `/v1.0/users/${aad("dir-stavanger")}/teamwork/installedApps`,
      authorization: `Bearer ${TOKEN}`,
      body: { "teamsApp@odata.bind": `${graph.url}/v1.0/appCatalogs/teamsApps/${CATALOG_APP_ID}` },
    });
    const opened = h.connector.calls.find((x) => x.method === "POST" && x.path === "/v3/conversations" && x.body?.members?.[0]?.id === aad("dir-stavanger"));
    expect(opened?.body).toMatchObject({ isGroup: false });
    expect(cardsTo("dir-stavanger").map(cardText).join("\n")).toContain(`Søknad mottatt – sak ${c.code}`);
    // Remembered: the next notice goes straight to the chat, without installing again.
    expect((await h.svc.directory.user(aad("dir-stavanger")))?.personalRef).toBeDefined();
    await register("helse-stavanger");
    expect(graph.installsFor(aad("dir-stavanger"))).toHaveLength(1);
    expect(await h.svc.notices.waiting("dir-stavanger")).toEqual([]);
  });

  it("counts 409 (already installed) as installed and sends", async () => {
    graph.script(aad("dir-nord-trondelag"), { status: 409 });
    const c = await register("helse-nord-trondelag");
    expect(graph.installsFor(aad("dir-nord-trondelag"))).toHaveLength(1);
    expect(cardsTo("dir-nord-trondelag").map(cardText).join("\n")).toContain(`Søknad mottatt – sak ${c.code}`);
  });

  it("waits for Graph's Retry-After on 429, then installs and sends", async () => {
    graph.script(aad("dir-fonna"), { status: 429, retryAfter: 1 }, { status: 201 });
    graph.script(aad("dep-fonna"), { status: 201 });
    const c = await register("helse-fonna");
    const calls = graph.installsFor(aad("dir-fonna"));
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(900);
    for (const id of ["dir-fonna", "dep-fonna"]) expect(cardsTo(id).map(cardText).join("\n"), id).toContain(`Søknad mottatt – sak ${c.code}`);
  });

  it("keeps the notice and tells the coordinator once, in plain words, that admin consent is missing (403)", async () => {
    graph.script(aad("dir-innlandet"), { status: 403 });
    const c = await register("sykehuset-innlandet");
    expect(cardsTo("dir-innlandet")).toEqual([]);
    expect((await h.svc.notices.waiting("dir-innlandet")).map((w) => w.key)).toEqual([`caseReceived:${c.code}`]);
    const told = alertsToCoordinator();
    expect(told).toHaveLength(1);
    expect(told[0]).toContain("administratorsamtykke");
    expect(told[0]).toContain("TeamsAppInstallation.ReadWriteSelfForUser.All");
    expect(told[0]).toContain("Arvid Romsås");
    expect(told[0]).not.toMatch(/dir-innlandet|noConsent/);
    // A second refusal keeps that notice too, but the coordinator is not told again.
    const again = await register("sykehuset-innlandet");
    expect((await h.svc.notices.waiting("dir-innlandet")).map((w) => w.key)).toContain(`caseReceived:${again.code}`);
    expect(alertsToCoordinator()).toHaveLength(1);
  });

  it("delivers what was kept once the person opens the chat with the bot", async () => {
    await h.post(personalMessage(h.url, h.who("dir-innlandet"), "hei"));
    expect(cardsTo("dir-innlandet").map(cardText).join("\n")).toMatch(/Søknad mottatt – sak/);
    expect(await h.svc.notices.waiting("dir-innlandet")).toEqual([]);
  });

  it("keeps the notice and tells the coordinator when Graph does not know the person (404)", async () => {
    // Helse Bergen's fagdirektør is a member: the receipt goes to them.
    const director = h.roster.people.find((p) => p.hfId === "helse-bergen" && p.isFagdirektor && p.role !== "substitute")!;
    graph.script(director.aadObjectId!, { status: 404 });
    const c = await register("helse-bergen");
    expect((await h.svc.notices.waiting(director.id)).map((w) => w.key)).toEqual([`caseReceived:${c.code}`]);
    const told = cardsTo("coord")
      .map(cardText)
      .filter((t) => t.includes("katalog"));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(director.name);
  });
});
