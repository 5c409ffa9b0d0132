/**
 * Issue 14, the minutes (møteprotokoll): drafted once when the meeting ends
 * (Teams' meetingEnd, or the chair's «avslutt møte»), edited and confirmed by
 * the coordinator, approved by the chair or sent back with a comment. Driven
 * over HTTP with the activities Teams sends.
 */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { testToday } from "../support/clock.js";
import {
  botAddedToMeeting,
  cardAction,
  installationUpdate,
  meetingEnd,
  meetingMessage,
  MEETING_CHAT,
  participantJoin,
  personalMessage,
} from "../support/activities.js";
import { BotHarness, cardText, executeActions, invokeCard, invokeMessage } from "../support/bot-harness.js";
import { storeSnapshot } from "../support/snapshot.js";

const today = testToday;
const MEETING = `M-${today.toISODate()}`;
const Y = today.year;
const FONNA = `TO-${Y}-001`;
const FOUR = ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"];
const V1 = `${MEETING}:minutes:v1`;

let h: BotHarness;
const oneOnOne = (id: string) => h.personalChat(id);
const cardsTo = (id: string) => h.cardsTo(id);
const click = (id: string, verb: string, data: Record<string, unknown>) => h.post(cardAction(h.url, h.who(id), verb, data, { personal: true }));
const chatSays = () => h.connector.sent(MEETING_CHAT).map((a) => String(a.text ?? ""));

async function holdMeeting() {
  for (const id of ["coord", "chair"]) await h.post(installationUpdate(h.url, h.who(id)));
  await h.post(botAddedToMeeting(h.url, h.who("chair")));
  await h.post(
    participantJoin(
      h.url,
      [...FOUR, "s-vest-2", "chair", "coord", "obs-dmp"].map((id) => h.who(id)),
    ),
  );
  await h.post(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: FONNA }));
  for (const m of [...FOUR, "s-vest-2"]) await h.post(cardAction(h.url, h.who(m), "position", { meetingId: MEETING, caseId: FONNA, position: "grant" }));
  await h.post(cardAction(h.url, h.who("chair"), "conclude", { meetingId: MEETING, caseId: FONNA }));
}

describe("the minutes (møteprotokoll)", () => {
  beforeEach(async () => {
    await h?.stop();
    h = await BotHarness.start();
    await holdMeeting();
  });
  afterAll(async () => h.stop());

  it("drafts the minutes once at Teams' meetingEnd, even when the event is redelivered, and sends the coordinator the card", async () => {
    const end = meetingEnd(h.url);
    expect((await h.post(end)).status).toBe(200);
    expect((await h.post(end)).status).toBe(200); // Teams redelivers
    const versions = await h.svc.minutes.versions(MEETING);
    expect(versions.map((v) => v.id)).toEqual([V1]);
    const m = versions[0]!;
    expect(m.cases.map((c) => c.caseCode)).toEqual([FONNA, `TO-${Y}-002`, `TO-${Y}-003`]);
    expect(m.cases[0]).toMatchObject({ outcome: "granted", byConsensus: true });
    expect(m.cases[0]!.recused.map((r) => r.personId)).toContain("m-vest-2");
    expect(m.attendees.find((a) => a.personId === "s-vest-2")).toMatchObject({ role: "substitute", standingInFor: "m-vest-2" });

    const cards = cardsTo("coord").filter((c) => cardText(c).includes("Utkastet til møteprotokoll er klart"));
    expect(cards).toHaveLength(1);
    const text = cardText(cards[0]);
    expect(text).toContain("Utkastet til møteprotokoll er klart");
    expect(text).toContain(`Sak ${FONNA}`);
    expect(text).toContain("Innvilget.");
    expect(text).toContain("Marit Skjelbred, vararepresentant fra Helse Førde HF for Odd Arne Brekkestø");
    expect(text).toContain("Odd Arne Brekkestø (eget HF)");
    expect(text).not.toMatch(/m-vest-2|s-vest-2|granted|notConcluded|ownHf/);
    expect(text).not.toMatch(/\bkr\b|NOK|\bpris/i);
    expect(executeActions(cards[0]).map((a) => a.verb)).toEqual(["saveMinutes", "confirmMinutes", "offerMinutes", "offerMinutes"]);
    // Audited once, by ids and codes.
    const drafted = (await h.svc.audit.list(MEETING)).filter((a) => a.action === "minutes.drafted");
    expect(drafted.map((a) => a.summary)).toEqual([{ after: `${V1} draft` }]);
  });

  it("lets only the chair end the meeting with «avslutt møte», once", async () => {
    await h.post(meetingMessage(h.url, h.who("m-sorost-1"), "avslutt møte"));
    expect(chatSays().at(-1)).toContain("Bare møteleder");
    expect(await h.svc.minutes.versions(MEETING)).toEqual([]);

    await h.post(meetingMessage(h.url, h.who("chair"), "avslutt møte"));
    expect(chatSays().at(-1)).toBe("Møtet er avsluttet. Utkastet til møteprotokoll er sendt til koordinator.");
    await h.post(meetingMessage(h.url, h.who("chair"), "end meeting"));
    expect(chatSays().at(-1)).toContain("Møtet er allerede avsluttet");
    expect((await h.svc.minutes.versions(MEETING)).map((v) => v.id)).toEqual([V1]);
    expect((await h.svc.meetings.get(MEETING))?.endedAt).toBeTruthy();
  });

  it("takes the coordinator's notes, confirms, and the chair approves; «protokoll» shows the latest version", async () => {
    await h.post(meetingEnd(h.url));
    const saved = invokeCard(await click("coord", "saveMinutes", { meetingId: MEETING, minutesId: V1, notes: "Møtet startet fem minutter forsinket." }));
    expect(cardText(saved)).toContain("Møtet startet fem minutter forsinket.");
    expect((await h.svc.minutes.get(MEETING, V1))?.status).toBe("draft");

    const confirmed = invokeCard(await click("coord", "confirmMinutes", { meetingId: MEETING, minutesId: V1 }));
    expect(cardText(confirmed)).toContain("venter på leders godkjenning");
    expect(executeActions(confirmed).map((a) => a.verb)).not.toContain("confirmMinutes");
    const chairCard = cardsTo("chair").find((c) => cardText(c).includes("Koordinator har bekreftet møteprotokollen"));
    expect(executeActions(chairCard).map((a) => a.verb)).toEqual(["approveMinutes", "requestMinutesChange", "offerMinutes", "offerMinutes"]);

    // Only the chair approves.
    expect(invokeMessage(await click("coord", "approveMinutes", { meetingId: MEETING, minutesId: V1 }))).toContain("Bare møteleder");
    const approved = invokeCard(await click("chair", "approveMinutes", { meetingId: MEETING, minutesId: V1 }));
    expect(cardText(approved)).toContain("Godkjent av leder Gunnhild Tveitereid");
    expect(await h.svc.minutes.get(MEETING, V1)).toMatchObject({ status: "approved", approvedBy: "chair", confirmedBy: "coord" });
    expect(cardsTo("coord").some((c) => cardText(c).includes("Leder har godkjent møteprotokollen."))).toBe(true);
    // A retried click changes nothing.
    const before = await storeSnapshot(h.store, ["meetings"]);
    await click("chair", "approveMinutes", { meetingId: MEETING, minutesId: V1 });
    expect(await storeSnapshot(h.store, ["meetings"])).toEqual(before);

    // A change after approval is a new version; version 1 stays as approved.
    expect(executeActions(approved).map((a) => a.verb)).not.toContain("reviseMinutes");
    const coordCard = cardsTo("coord").find((c) => cardText(c).includes("Leder har godkjent møteprotokollen."));
    expect(executeActions(coordCard).map((a) => a.verb)).toContain("reviseMinutes");
    const v2 = invokeCard(await click("coord", "reviseMinutes", { meetingId: MEETING, minutesId: V1 }));
    expect(cardText(v2)).toContain("Utkast, versjon 2");
    expect(cardText(v2)).toContain("Erstatter versjon 1.");
    await click("coord", "reviseMinutes", { meetingId: MEETING, minutesId: V1 }); // a retried click adds nothing
    expect((await h.svc.minutes.versions(MEETING)).map((v) => [v.version, v.status])).toEqual([
      [1, "approved"],
      [2, "draft"],
    ]);
    expect(invokeMessage(await click("coord", "saveMinutes", { meetingId: MEETING, minutesId: V1, notes: "etterpå" }))).toContain(
      "Versjon 1 av møteprotokollen er ikke den siste",
    );
    const v2id = `${MEETING}:minutes:v2`;
    await click("coord", "confirmMinutes", { meetingId: MEETING, minutesId: v2id, notes: "Rettet navn." });
    await click("chair", "approveMinutes", { meetingId: MEETING, minutesId: v2id });
    expect((await h.svc.minutes.get(MEETING, v2id))?.status).toBe("approved");

    // Every step audited, by ids and codes only (never the notes).
    const steps = (await h.svc.audit.list(MEETING)).filter((a) => a.action.startsWith("minutes.")).map((a) => a.action);
    expect(steps).toEqual([
      "minutes.drafted",
      "minutes.saved",
      "minutes.confirmed",
      "minutes.approved",
      "minutes.revised",
      "minutes.confirmed",
      "minutes.approved",
    ]);
    expect(JSON.stringify(await h.svc.audit.list(MEETING))).not.toMatch(/forsinket|Rettet navn/);

    await h.post(personalMessage(h.url, h.who("chair"), "protokoll"));
    const shown = h.connector.sent(oneOnOne("chair")).at(-1)?.attachments?.[0]?.content;
    expect(cardText(shown)).toContain("Godkjent av leder (versjon 2)");
    await h.post(personalMessage(h.url, h.who("coord"), "meeting minutes"));
    const inEnglishWords = h.connector.sent(oneOnOne("coord")).at(-1)?.attachments?.[0]?.content;
    expect(executeActions(inEnglishWords).map((a) => a.verb)).toContain("reviseMinutes");
    await h.post(personalMessage(h.url, h.who("m-sorost-1"), "protokoll"));
    expect(h.connector.sent(oneOnOne("m-sorost-1")).at(-1)?.text).toContain("Bare møteleder eller koordinatoren");
  });

  it("sends the minutes back to the coordinator when the chair asks for a change, with the comment on the card", async () => {
    await h.post(meetingEnd(h.url));
    await click("coord", "confirmMinutes", { meetingId: MEETING, minutesId: V1, notes: "" });
    const answer = invokeMessage(
      await click("chair", "requestMinutesChange", { meetingId: MEETING, minutesId: V1, changeComment: "Før opp observatøren fra DMP." }),
    );
    expect(answer).toBe("Møteprotokollen er sendt tilbake til koordinator med kommentaren din.");
    const m = await h.svc.minutes.get(MEETING, V1);
    expect(m).toMatchObject({ status: "draft", changeRequests: [{ by: "chair", comment: "Før opp observatøren fra DMP." }] });
    const told = cardsTo("coord").find((c) => cardText(c).includes("Leder har bedt om endring"));
    expect(cardText(told)).toContain("Før opp observatøren fra DMP.");
    expect(executeActions(told).map((a) => a.verb)).toContain("confirmMinutes");
  });

  it("keeps the coordinator's card when Teams cannot deliver it, and delivers it when they next write", async () => {
    const remove = h.connector.when((call) => (call.conversationId === oneOnOne("coord") && call.method === "POST" ? { status: 403 } : undefined));
    await h.post(meetingEnd(h.url));
    remove();
    expect((await h.svc.notices.waiting("coord")).map((k) => k.notice)).toEqual([{ kind: "minutes", meetingId: MEETING, minutesId: V1, event: "drafted" }]);
    await h.post(personalMessage(h.url, h.who("coord"), "hjelp"));
    expect(cardsTo("coord").some((c) => cardText(c).includes("Utkastet til møteprotokoll er klart"))).toBe(true);
    expect(await h.svc.notices.waiting("coord")).toEqual([]);
  });

  it("offers the minutes as PDF and Markdown by file consent to the coordinator and the chair, never with a price", async () => {
    await h.post(meetingEnd(h.url));
    for (const [who, format, ext] of [
      ["coord", "pdf", "pdf"],
      ["chair", "md", "md"],
    ] as const) {
      expect(invokeMessage(await click(who, "offerMinutes", { meetingId: MEETING, minutesId: V1, format }))).toBeTruthy();
      const consent = h.connector
        .sent(oneOnOne(who))
        .flatMap((a) => a.attachments ?? [])
        .filter((x: any) => x.contentType === "application/vnd.microsoft.teams.card.file.consent")
        .at(-1);
      expect(consent?.name).toBe(`${MEETING}-protokoll-v1.${ext}`);
      const accept = cardAction(h.url, h.who(who), "x", {}, { personal: true }) as any;
      accept.name = "fileConsent/invoke";
      accept.value = {
        type: "fileUpload",
        action: "accept",
        context: consent.content.acceptContext,
        uploadInfo: { name: consent.name, uploadUrl: `${h.url}upload/${consent.name}`, contentUrl: `${h.url}files/${consent.name}`, fileType: ext },
      };
      const uploads = h.connector.uploads.length;
      expect((await h.post(accept)).status).toBe(200);
      expect(h.connector.uploads.length).toBe(uploads + 1);
    }
    const md = h.connector.uploads.at(-1)!.body.toString("utf8");
    expect(md).toContain(`# Møteprotokoll`);
    expect(md).toContain(`## Sak ${FONNA}`);
    expect(md).not.toMatch(/\bkr\b|NOK|\bpris/i);
    // A member may not have the file.
    expect(invokeMessage(await click("m-sorost-1", "offerMinutes", { meetingId: MEETING, minutesId: V1, format: "pdf" }))).toContain(
      "Bare møteleder eller koordinatoren",
    );
  });

  it("refuses bad input on each card with a clear message and changes nothing", async () => {
    await h.post(meetingEnd(h.url));
    const before = await storeSnapshot(h.store, ["meetings", "audit"]);
    const fnr = invokeMessage(await click("coord", "saveMinutes", { meetingId: MEETING, minutesId: V1, notes: "Pasient 15057543288 ble nevnt." }));
    expect(fnr).toContain("Merknader:");
    expect(fnr).toMatch(/fødselsnummer/i);
    const long = invokeMessage(await click("coord", "confirmMinutes", { meetingId: MEETING, minutesId: V1, notes: "x".repeat(4001) }));
    expect(long).toContain("Merknader:");
    const badId = invokeMessage(await click("coord", "saveMinutes", { meetingId: MEETING, minutesId: "M-1:minutes:v1; DROP", notes: "" }));
    expect(badId).toContain("Møteprotokoll:");
    // The chair cannot approve a draft, and a change request needs a comment without a national id.
    expect(invokeMessage(await click("chair", "approveMinutes", { meetingId: MEETING, minutesId: V1 }))).toBe(
      "Versjon 1 av møteprotokollen er ikke bekreftet av koordinator ennå.",
    );
    expect(invokeMessage(await click("chair", "requestMinutesChange", { meetingId: MEETING, minutesId: V1, changeComment: "" }))).toContain(
      "Kommentar til koordinator:",
    );
    expect(invokeMessage(await click("chair", "requestMinutesChange", { meetingId: MEETING, minutesId: V1, changeComment: "fnr 15057543288" }))).toMatch(
      /fødselsnummer/i,
    );
    // Someone else than the coordinator cannot edit.
    expect(invokeMessage(await click("m-sorost-1", "saveMinutes", { meetingId: MEETING, minutesId: V1, notes: "Hei" }))).toContain("Bare koordinatoren");
    expect(await storeSnapshot(h.store, ["meetings", "audit"])).toEqual(before);
  });
});
