/**
 * What the logs must never hold: free text typed by users (conflict and
 * deferral reasons, messages), confidential prices, the cases' reasoning
 * texts, and people's names and e-mail addresses. A whole meeting runs at
 * LOG_LEVEL debug — linking, meeting events with participant names, 1:1
 * install, commands, taking up cases, positions, a declared conflict, a
 * conclusion, a deferral, every role's view of every case (members see the
 * confidential prices), invalid input and refused actions, and Bot Connector
 * failures that echo what was sent — then every captured log line is scanned.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_START, testToday } from "../support/clock.js";
import {
  botAddedToMeeting,
  cardAction,
  installationUpdate,
  meetingEnd,
  meetingMessage,
  meetingStart,
  participantJoin,
  participantLeave,
  personalMessage,
} from "../support/activities.js";
import { BotHarness, cardText, invokeCard } from "../support/bot-harness.js";
import { demoCases } from "../../src/demo/seed.js";

const now = TEST_START; // the instant the harness seeds its demo data at (test/support/clock.ts)
const today = testToday;
const MEETING = `M-${today.toISODate()}`;
const Y = today.year;
const FONNA = `TO-${Y}-001`;
const INNLANDET = `TO-${Y}-002`;
const STAVANGER = `TO-${Y}-003`;

const CONFLICT_MARKER = "KONFLIKTGRUNN-ZQX7731-tidligere-fastlege";
const DEFER_MARKER = "UTSETTELSESGRUNN-WVK5520-mangler-epikrise";
const MESSAGE_MARKER = "FRITEKST-JHP9046 pasienten heter Kari";
const INVALID_MARKER = "UGYLDIG-RTE3318";
const STRANGER = { aadObjectId: "abcdefab-1234-4321-8abc-abcdefabcdef", name: "Mallory Markørsen" };

let h: BotHarness;

/** What a service that echoes the rejected content would say: the text and the card's text first. */
function echo(body: any): string {
  const cards = (body?.attachments ?? []).map((a: any) => cardText(a?.content)).join(" ");
  return `${body?.text ?? ""} ${cards} ${JSON.stringify(body ?? {})}`.slice(0, 4000);
}

function forbidden(): { label: string; pattern: RegExp }[] {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const out: { label: string; pattern: RegExp }[] = [];
  for (const m of [CONFLICT_MARKER, DEFER_MARKER, MESSAGE_MARKER, INVALID_MARKER])
    out.push({ label: `marker ${m}`, pattern: new RegExp(esc(m.split(" ")[0]!)) });
  // Prices and costs, written any way a number can be: 798000, 798 000, 798.000, 798,000, 798\u00a0000 …
  for (const c of demoCases(now)) {
    for (const n of [c.cost?.price, c.cost?.treatmentCost]) {
      if (n === undefined) continue;
      const digits = String(n);
      const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, "[\\s\\u00a0\\u202f.,']?");
      out.push({ label: `${c.id} amount ${n}`, pattern: new RegExp(`(?<!\\d)${grouped}(?!\\d)`) });
    }
    out.push({ label: `${c.id} method name`, pattern: new RegExp(esc(c.method.name)) });
    if (c.cost?.note) out.push({ label: `${c.id} cost note`, pattern: new RegExp(esc(c.cost.note)) });
    for (const g of c.grounds) out.push({ label: `${c.id} reasoning`, pattern: new RegExp(esc(g.reasoning.slice(0, 40))) });
    for (const [k, v] of Object.entries(c.priority ?? {}))
      if (typeof v === "string") out.push({ label: `${c.id} priority.${k}`, pattern: new RegExp(esc(v.slice(0, 40))) });
  }
  for (const p of h.roster.people) {
    out.push({ label: `name of ${p.id}`, pattern: new RegExp(esc(p.name), "i") });
    if (p.email) out.push({ label: `e-mail of ${p.id}`, pattern: new RegExp(esc(p.email), "i") });
  }
  out.push({ label: "stranger's name", pattern: new RegExp(esc(STRANGER.name), "i") });
  return out;
}

describe("nothing private reaches the logs", () => {
  beforeAll(async () => {
    h = await BotHarness.start({ env: { LOG_LEVEL: "debug" } });
  });
  afterAll(async () => h?.stop());

  it("runs a whole meeting at debug level and logs no free text, prices, case texts, names or e-mail addresses", async () => {
    const say = (who: string, text: string) => h.send(meetingMessage(h.url, h.who(who), text));
    const act = (who: string, verb: string, data: Record<string, unknown>, locale?: string) => h.send(cardAction(h.url, h.who(who, locale), verb, data));
    const members = ["m-sorost-1", "m-sorost-2", "m-vest-1", "m-vest-2", "m-midt-1", "m-midt-2", "m-nord-1"];

    // Installs and 1:1 chat, including someone not on the roster and a free-text message.
    for (const id of ["chair", "m-sorost-1", "dir-stavanger"]) await h.send(installationUpdate(h.url, h.who(id)));
    await h.send(personalMessage(h.url, STRANGER, `hei, jeg heter ${STRANGER.name}`));
    await h.send(personalMessage(h.url, h.who("m-midt-1"), MESSAGE_MARKER));

    // The meeting: linked, started, people join (with their names in the payload), one leaves.
    await h.send(botAddedToMeeting(h.url, h.who("chair")));
    await h.send(meetingStart(h.url, "Vurderingskomiteen – Astrid Fjellvang leder"));
    await h.send(
      participantJoin(
        h.url,
        [...members, "s-vest-2", "obs-dmp", "expert-1"].map((id) => h.who(id)),
      ),
    );
    await h.send(participantLeave(h.url, [h.who("m-nord-1")]));
    await say("chair", "sakliste");
    await say("m-sorost-2", "oppmøte");
    await say("m-vest-1", MESSAGE_MARKER);

    // Case 1 (Helse Fonna): a declared conflict with a reason, positions, a conclusion.
    await say("chair", "neste sak");
    await act("m-midt-2", "declareConflict", { meetingId: MEETING, caseId: FONNA, conflictReason: CONFLICT_MARKER });
    for (const m of ["m-sorost-1", "m-sorost-2", "m-vest-1", "m-midt-1", "s-vest-2"])
      await act(m, "position", { meetingId: MEETING, caseId: FONNA, position: "grant" });
    await act("chair", "conclude", { meetingId: MEETING, caseId: FONNA });

    // Case 2: a dissent, so the chair defers with a reason.
    await act("coord", "takeUpCase", { meetingId: MEETING, caseId: INNLANDET });
    for (const m of ["m-sorost-1", "m-sorost-2", "m-vest-1"]) await act(m, "position", { meetingId: MEETING, caseId: INNLANDET, position: "grant" });
    await act("m-midt-1", "position", { meetingId: MEETING, caseId: INNLANDET, position: "reject" });
    await act("chair", "conclude", { meetingId: MEETING, caseId: INNLANDET }); // refused: no consensus
    await act("chair", "defer", { meetingId: MEETING, caseId: INNLANDET, deferReason: DEFER_MARKER });

    // Case 3 (confidential price): everyone's view of it, in both languages; members see the price.
    await act("chair", "takeUpCase", { meetingId: MEETING, caseId: STAVANGER });
    const memberView = invokeCard(await act("m-sorost-1", "refreshCase", { meetingId: MEETING, caseId: STAVANGER }));
    expect(cardText(memberView)).toMatch(/45\s?000/); // the price really went through the app
    for (const id of ["chair", "coord", "m-vest-2", "s-vest-2", "obs-dmp", "expert-1", "dir-stavanger"]) {
      for (const locale of ["nb-NO", "en-US"]) {
        await act(id, "refreshCase", { meetingId: MEETING, caseId: STAVANGER }, locale);
        await act(id, "refreshAgenda", { meetingId: MEETING }, locale);
        await act(id, "refreshAttendance", { meetingId: MEETING }, locale);
      }
    }
    await say("m-sorost-1", `sak ${STAVANGER}`);

    // Invalid input and refusals carrying free text.
    await act("m-sorost-1", "declareConflict", { meetingId: MEETING, caseId: STAVANGER, conflictReason: `<b>${INVALID_MARKER}</b>` });
    await act("obs-dmp", "defer", { meetingId: MEETING, caseId: STAVANGER, deferReason: `${INVALID_MARKER} ${DEFER_MARKER}` });
    await act("m-sorost-1", "position", { meetingId: MEETING, caseId: STAVANGER, position: INVALID_MARKER });
    await h.send(cardAction(h.url, STRANGER, "position", { meetingId: MEETING, caseId: STAVANGER, position: "grant" }));

    // The Bot Connector fails, echoing what it was sent (some services do): the app logs the failure, not the content.
    const stop = h.connector.when((call) =>
      call.method === "PUT" || (call.method === "POST" && call.conversationId?.startsWith("19:"))
        ? { status: 400, body: { error: { code: "BadArgument", message: `rejected: ${echo(call.body)}` } } }
        : undefined,
    );
    for (const m of ["m-sorost-1", "m-sorost-2", "m-vest-1", "m-midt-1"])
      await act(m, "position", { meetingId: MEETING, caseId: STAVANGER, position: "grant" });
    await say("chair", "sakliste");
    await act("m-nord-2", "declareConflict", { meetingId: MEETING, caseId: STAVANGER, conflictReason: CONFLICT_MARKER });
    stop();
    await h.send(meetingEnd(h.url));
    await h.host.teams.cards.flush();

    const lines = h.logLines;
    expect(lines.length).toBeGreaterThan(10);
    const leaks: string[] = [];
    for (const { label, pattern } of forbidden()) {
      const hit = lines.find((l) => pattern.test(l));
      if (hit) leaks.push(`${label}: ${hit.slice(0, 300)}`);
    }
    expect(leaks).toEqual([]);
  });
});
