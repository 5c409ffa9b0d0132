/**
 * End to end in a real Teams-like client: the app, the local Teams relay and
 * the Microsoft 365 Agents Playground as `npm start` runs them (src/local/),
 * driven in headless chromium. A whole case is played, as docs/walkthrough.md
 * tells it: the chair links the chat, members join (injected meeting events),
 * the chair takes up the Helse Fonna case, the recused member sees that they
 * are recused, four members (one a substitute standing in) press "Innvilge" on
 * their own view of the card, and the chair concludes; the coordinator
 * completes and confirms the draft record in her own 1:1 chat and sends it to
 * the HF; Helse Fonna's fagdirektør sees only her own 1:1 chat — the decision,
 * not the coordinator's record — and presses "Mottatt". Asserts on the page and
 * on the stored state.
 *
 * With SCREENSHOTS=1 it writes the walkthrough's images to docs/screenshots/
 * (npm: `tsx test/tools/screenshots.ts`).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { startLocal, type LocalRun } from "../../src/local/launcher.js";
import { MEETING_CHAT_NAME } from "../../src/local/playground-config.js";
import { createLogger } from "../../src/log.js";
import { makeTestStore, type TestStore } from "../support/store.js";
import { TestClock, testToday } from "../support/clock.js";
import { openBrowser, type HeadlessBrowser } from "./browser.js";
import { repositories } from "../../src/store/repositories/index.js";
import { presentIds } from "../../src/app/meeting/standing.js";
import { latestRecord } from "../../src/app/coordinator/records.js";

const SHOTS = process.env.SCREENSHOTS === "1" ? fileURLToPath(new URL("../../docs/screenshots/", import.meta.url)) : undefined;
// The app runs on the pinned test clock (test/support/clock.ts); the playground stamps its activities with the
// wall clock, which the app replaces with its own when they disagree (src/teams/turn.ts).
const Y = testToday.year;
const FONNA_CASE = `TO-${Y}-001`;
const WAIT = { timeout: 15_000 };

let store: TestStore;
let run: LocalRun;
let b: HeadlessBrowser;
let page: Page;
let tmp: string;
const notes: string[] = [];

/** Types "@Komitébot <text>" in the chat: the playground forwards group-chat messages only when the bot is mentioned. */
async function say(text: string): Promise<void> {
  const editor = page.locator("[data-lexical-editor=true]");
  await editor.click();
  await page.keyboard.type("@Komi");
  await page.getByRole("menuitem", { name: /Komitébot/ }).click();
  await page.keyboard.type(` ${text}`);
  await page.keyboard.press("Enter");
}

async function launcher(line: string): Promise<string> {
  const out = await run.command(line);
  await run.relay.idle();
  return out;
}

async function shot(name: string, focus?: string): Promise<void> {
  if (!SHOTS) return;
  await run.relay.idle();
  for (let attempt = 0; focus && attempt < 5; attempt++) {
    // Cards are re-rendered in place when the bot updates them: retry on a detached element.
    const ok = await page
      .getByText(focus)
      .last()
      .scrollIntoViewIfNeeded({ timeout: 2_000 })
      .then(
        () => true,
        () => false,
      );
    if (ok) break;
    await page.waitForTimeout(200);
  }
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(SHOTS, `playground-${name}.png`) });
}

const button = (name: string | RegExp) => page.getByRole("button", { name }).last();

/** Opens the playground's personal chat: the 1:1 chat with the bot of the person you act as. */
async function personalChat(): Promise<void> {
  await page.getByText("Personal Chat", { exact: true }).first().click();
  await run.relay.idle();
}

describe("a meeting in the Microsoft 365 Agents Playground (headless chromium)", () => {
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), "komitebot-e2e-"));
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    store = await makeTestStore();
    run = await startLocal({
      store: store.store,
      // Azurite keeps its blobs in the data folder: this run's own, not the repository's .data.
      env: { KOMITEBOT_MODE: "local", DEMO_DATA: "true", LOG_LEVEL: "silent", KOMITEBOT_DATA_DIR: tmp },
      log: createLogger("silent"),
      botPort: 0,
      playgroundPort: 0,
      playgroundDir: tmp,
      cardUpdateWindowMs: 200,
      now: new TestClock().now,
      onNote: (l) => notes.push(l),
    });
    b = await openBrowser();
    page = b.page;
  }, 60_000);

  afterAll(async () => {
    // For a failed run: what the page looked like at the end.
    await page?.screenshot({ path: path.join(tmpdir(), "komitebot-e2e-last.png") }).catch(() => undefined);
    await b?.close();
    await run?.close();
    await store?.dispose();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("plays a case from linking the chat to the chair's conclusion", { timeout: 90_000 }, async () => {
    await page.goto(run.playgroundUrl);
    await page.getByText(MEETING_CHAT_NAME, { exact: true }).first().click();
    await page
      .getByText(/Jeg er Komitébot/)
      .first()
      .waitFor(WAIT);

    // The chair links the group chat to today's committee meeting: agenda and attendance cards.
    await say("koble møte");
    await page
      .getByText(/koblet til komitémøtet/)
      .first()
      .waitFor(WAIT);
    await page.getByText(FONNA_CASE).first().waitFor(WAIT);
    await button("Sjekk inn").waitFor(WAIT); // the chair's own view of the attendance card (refreshed by the relay)
    expect((await repositories(store.store).meetings.load(run.meetingId))?.meeting.teams?.conversationId).toBe("19:meeting_komitebot-lokal@thread.v2");
    await shot("1-koble-mote", "Nusinersen til voksne med spinal muskelatrofi type 3");

    // Participant join events, injected through the playground's custom-activity endpoint.
    expect(await launcher("kom m-sorost-1 m-vest-1 m-midt-1 m-vest-2 s-vest-2")).toMatch(/meetingParticipantJoin/);
    await expect.poll(async () => presentIds((await repositories(store.store).meetings.load(run.meetingId))!.attendance).size, WAIT).toBe(5);
    await expect.poll(() => page.getByText("✓ Til stede", { exact: true }).count(), WAIT).toBe(5);
    await shot("2-oppmote", "Rune Alstahaug");

    // The chair takes up the next case: the case brief card.
    await say("neste sak");
    await page
      .getByText(/Nusinersen/)
      .last()
      .waitFor(WAIT);
    await expect.poll(async () => (await repositories(store.store).cases.byCode(FONNA_CASE))?.status, WAIT).toBe("inMeeting");
    await button("Utsett saken").waitFor(WAIT); // chair's controls
    await shot("3-neste-sak-leder", "Standpunkter");

    // The member from Helse Fonna sees that they are recused, without position buttons.
    await launcher("som m-vest-2");
    await page
      .getByText(/Du er inhabil i denne saken/)
      .last()
      .waitFor(WAIT);
    expect(await page.getByRole("button", { name: "Innvilge", exact: true }).count()).toBe(0);
    await shot("4-inhabil", "Du er inhabil i denne saken");

    // Four eligible members (a substitute standing in for the recused member) grant, each on their own view.
    for (const who of ["m-sorost-1", "m-vest-1", "m-midt-1", "s-vest-2"]) {
      await launcher(`som ${who}`);
      const grant = page.getByRole("button", { name: "Innvilge", exact: true }).last();
      await grant.waitFor(WAIT);
      await grant.click();
      await page
        .getByText(/Ditt standpunkt/)
        .last()
        .waitFor(WAIT);
      await expect
        .poll(
          async () =>
            (await repositories(store.store).meetings.load(run.meetingId))!.positions.find((p) => p.personId === who && p.caseId === FONNA_CASE)?.position,
          WAIT,
        )
        .toBe("grant");
      if (who === "m-sorost-1") await shot("5-medlem-innvilger", "Meld inhabilitet");
    }

    // The chair concludes on consensus: «Konkluder» asks once ("Er du sikker?"), the real action is inside.
    await launcher("som chair");
    const conclude = button(/^Konkluder/);
    await conclude.waitFor(WAIT);
    await conclude.click();
    await page
      .getByText(/Er du sikker\?/)
      .last()
      .waitFor(WAIT);
    const confirm = button(/^Ja, konkluder/);
    await confirm.waitFor(WAIT);
    await confirm.click();
    await expect.poll(async () => (await repositories(store.store).cases.byCode(FONNA_CASE))?.outcome, WAIT).toBe("granted");
    await run.relay.idle();
    await page.waitForTimeout(500);
    expect(await page.getByRole("button", { name: /^Konkluder/ }).count()).toBe(0);
    await shot("6-konkludert", "Standpunkter");

    const state = await repositories(store.store).meetings.load(run.meetingId);
    const conclusion = state!.conclusions.find((c) => c.caseId === FONNA_CASE)!;
    expect(conclusion.participants.sort()).toEqual(["m-midt-1", "m-sorost-1", "m-vest-1", "s-vest-2"]);
    expect(conclusion.recused.map((r) => r.personId)).toContain("m-vest-2");
    // The draft record went to the coordinator's own 1:1 chat, which the playground does not show the chair.
    const coord = run.person("coord")!;
    await expect
      .poll(() => run.relay.personalMessages(coord).some((a) => JSON.stringify(a).includes(`Utkast til avgjørelse – sak ${FONNA_CASE}`)), WAIT)
      .toBe(true);
    expect(notes.some((n) => /sendte Maren Ødegård Lie \(coord\) en melding i 1:1-chatten; «som coord» viser den/.test(n))).toBe(true);
    expect(await page.getByText(`Utkast til avgjørelse – sak ${FONNA_CASE}`).count()).toBe(0);
  });

  it(
    "takes the decision to Mottatt: the coordinator confirms and sends it, Helse Fonna's fagdirektør acknowledges it in her own 1:1 chat",
    { timeout: 90_000 },
    async () => {
      const svc = run.host.services;
      // The coordinator's 1:1 chat: the draft record of the concluded case.
      await launcher("som coord");
      await personalChat();
      await page.getByText(`Utkast til avgjørelse – sak ${FONNA_CASE}`).last().waitFor(WAIT);
      await page
        .getByText(/1:1-chatten til Maren Ødegård Lie/)
        .first()
        .waitFor(WAIT);
      await shot("7-utkast-koordinator", "Vurdering – Økt nytte");

      // She assesses the three priority criteria and the ground the application claimed (issue 14: a grant is confirmed
      // only with each of them assessed), writes the reasoning, and confirms; the chair approves; she sends it to the HF.
      // On the record card the finding boxes come first (criteria, then the ground), then the follow-up's review date
      // and its responsible HF.
      const boxes = page.getByRole("combobox");
      const count = await boxes.count();
      for (let i = count - 6; i < count - 2; i++) {
        await boxes.nth(i).click();
        await page.getByRole("option", { name: "Oppfylt", exact: true }).click();
      }
      await page
        .locator('textarea[aria-label^="Komiteens begrunnelse"]')
        .last()
        .fill("Dokumentert respons og en genetisk profil med vesentlig bedre effekt; økt nytte er sannsynliggjort.");
      await button("Bekreft avgjørelsen").click(); // asks first: the record is frozen once confirmed
      await button("Ja, bekreft og lås avgjørelsen").click();
      await expect.poll(async () => (await latestRecord(svc, FONNA_CASE))?.status, WAIT).toBe("confirmed");
      // The chair's 1:1 chat: «Godkjenn» on the confirmed record.
      await launcher("som chair");
      await personalChat();
      await button("Godkjenn").last().click();
      await expect.poll(async () => (await latestRecord(svc, FONNA_CASE))?.approvedAt, WAIT).toBeTruthy();
      await launcher("som coord");
      await personalChat();
      await button("Send til HF").last().waitFor(WAIT);
      await shot("8-bekreftet", "Send til HF");
      await button("Send til HF").last().click(); // asks first, naming who receives it
      await button("Ja, send avgjørelsen").click();
      await expect.poll(async () => (await svc.cases.byCode(FONNA_CASE))?.status, WAIT).toBe("routed");
      const record = (await latestRecord(svc, FONNA_CASE))!;
      expect((await svc.records.routing(FONNA_CASE, record.id))?.recipientId).toBe("dir-fonna");

      // Helse Fonna's fagdirektør: her 1:1 chat shows the decision, and nothing of the coordinator's chat.
      await launcher("som dir-fonna");
      await personalChat();
      await page
        .getByText(/1:1-chatten til Gunvor Sæbø Haugland/)
        .first()
        .waitFor(WAIT);
      const acknowledge = page.getByRole("button", { name: "Mottatt", exact: true }).last();
      await acknowledge.waitFor(WAIT);
      expect(await page.getByText(`Utkast til avgjørelse – sak ${FONNA_CASE}`).count()).toBe(0);
      expect(await page.getByText("798 000 kr").count()).toBe(0); // the confidential price on the coordinator's record
      expect(await page.getByRole("button", { name: "Send til HF" }).count()).toBe(0);
      expect(await page.getByText(/skjult: hører til en annen persons 1:1-chat/).count()).toBeGreaterThan(0);
      await shot("9-fagdirektor", "Avgjørelsen gjelder søknaden fra");

      await acknowledge.click();
      await page
        .getByText(/Mottatt .* av Gunvor Sæbø Haugland/)
        .last()
        .waitFor(WAIT);
      await expect.poll(async () => (await svc.cases.byCode(FONNA_CASE))?.status, WAIT).toBe("acknowledged");
      expect((await svc.records.routing(FONNA_CASE, record.id))?.state).toBe("acknowledged");
      await shot("10-mottatt", "Saken behandles kun under saksnummeret");

      // Each person's 1:1 reference is their own conversation, as in Teams.
      const fonna = run.person("dir-fonna")!;
      const coord = run.person("coord")!;
      expect((await svc.directory.user(fonna.aadObjectId!))?.personalRef).toMatchObject({ conversation: { id: run.relay.conversationIdOf(fonna) } });
      expect((await svc.directory.user(coord.aadObjectId!))?.personalRef).toMatchObject({ conversation: { id: run.relay.conversationIdOf(coord) } });
      expect(run.relay.conversationIdOf(fonna)).not.toBe(run.relay.conversationIdOf(coord));

      // Back as the coordinator: her own chat again, without the fagdirektør's decision card.
      await launcher("som coord");
      await page
        .getByText(/1:1-chatten til Maren Ødegård Lie/)
        .last()
        .waitFor(WAIT);
      expect(await page.getByRole("button", { name: "Mottatt", exact: true }).count()).toBe(0);
      await page.getByText(`Avgjørelse – sak ${FONNA_CASE}`).last().waitFor(WAIT);
      await page.getByText(MEETING_CHAT_NAME, { exact: true }).first().click();
    },
  );

  it("records meeting start and end and a participant leaving, sent from the launcher", async () => {
    await launcher("start");
    await launcher("gå m-vest-1");
    await launcher("slutt");
    await expect
      .poll(async () => {
        const s = await repositories(store.store).meetings.load(run.meetingId);
        return [!!s?.meeting.startedAt, !!s?.meeting.endedAt, presentIds(s!.attendance).has("m-vest-1")];
      }, WAIT)
      .toEqual([true, true, false]);
  });
});
