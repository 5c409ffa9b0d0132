// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { renderAgenda, type AgendaView } from "../../src/cards/agenda.js";
import { renderAttendance, type AttendanceView } from "../../src/cards/attendance.js";
import { cardByteSize, MAX_CARD_BYTES } from "../../src/cards/card.js";
import { renderNotice, type NoticeView } from "../../src/cards/notice.js";
import { allActions, allText, checkCard } from "./ac-validate.js";
import { LOCALES, MEETING_ID, refreshIds } from "./fixtures.js";

const text = (card: unknown) => allText(card).join("\n");
const clean = { parseEvents: [], validationFailures: [] };

export function agenda(overrides: Partial<AgendaView> = {}): AgendaView {
  return {
    locale: "nb",
    meetingId: MEETING_ID,
    date: "2026-11-27",
    viewerIsChair: false,
    items: [
      {
        caseId: "TO-2026-012",
        code: "TO-2026-012",
        methodName: "Nivolumab ved melanom",
        applyingHfName: "Oslo universitetssykehus HF",
        urgent: false,
        status: "granted",
        isCurrent: false,
      },
      {
        caseId: "TO-2026-014",
        code: "TO-2026-014",
        methodName: "Atezolizumab ved hepatocellulært karsinom",
        applyingHfName: "Helse Bergen HF",
        urgent: true,
        status: "inMeeting",
        isCurrent: true,
      },
      {
        caseId: "TO-2026-015",
        code: "TO-2026-015",
        methodName: "Onasemnogene abeparvovec",
        applyingHfName: "Helse Nord-Trøndelag HF",
        urgent: false,
        status: "onAgenda",
        isCurrent: false,
      },
      {
        caseId: "TO-2026-016",
        code: "TO-2026-016",
        methodName: "Lutetium-177 vipivotidtetraksetan",
        applyingHfName: "Universitetssykehuset Nord-Norge HF",
        urgent: false,
        status: "onAgenda",
        isCurrent: false,
      },
    ],
    refreshUserIds: refreshIds(12),
    ...overrides,
  };
}

export function attendance(overrides: Partial<AttendanceView> = {}): AttendanceView {
  return {
    locale: "nb",
    meetingId: MEETING_ID,
    members: [
      { name: "Kari Nordmann", role: "member", hfName: "Helse Bergen HF", present: true, source: "event" },
      { name: "Per Hansen", role: "member", hfName: "Helse Stavanger HF", present: true, source: "checkin" },
      { name: "Lise Berg", role: "member", hfName: "St. Olavs hospital HF", present: false },
      { name: "Jon Midt", role: "substitute", hfName: "Helse Møre og Romsdal HF", present: true, source: "coordinator" },
    ],
    membersPresent: 2,
    seats: 8,
    substitutesPresent: 1,
    viewer: { canCheckIn: true, present: false },
    refreshUserIds: refreshIds(12),
    ...overrides,
  };
}

describe("agenda card", () => {
  it.each(LOCALES)("parses cleanly in %s, for the chair and for others", (locale) => {
    for (const viewerIsChair of [true, false]) {
      for (const view of [agenda({ locale, viewerIsChair }), agenda({ locale, viewerIsChair, items: [], refreshUserIds: [] })]) {
        const card = renderAgenda(view);
        expect(checkCard(card)).toEqual(clean);
        expect(card.msteams).toEqual({ width: "Full" });
        expect(JSON.stringify(card)).not.toContain("${");
      }
    }
  });

  it("gives the chair 'Ta opp' next to every open case that is not current", () => {
    const card = renderAgenda(agenda({ viewerIsChair: true }));
    const takeUps = allActions(card).filter((a) => a.verb === "takeUpCase");
    expect(takeUps.map((a) => a.data)).toEqual([
      { meetingId: MEETING_ID, caseId: "TO-2026-015" },
      { meetingId: MEETING_ID, caseId: "TO-2026-016" },
    ]);
    expect(takeUps.every((a) => a.type === "Action.Execute" && a.title === "Ta opp")).toBe(true);
  });

  it("is read-only for others (refresh only)", () => {
    const card = renderAgenda(agenda({ viewerIsChair: false }));
    expect(allActions(card)).toEqual([]);
    expect(card.refresh).toEqual({
      action: { type: "Action.Execute", verb: "refreshAgenda", data: { meetingId: MEETING_ID } },
      userIds: refreshIds(12),
    });
  });

  it("shows the meeting date, the current case, urgency and each case's status", () => {
    const all = text(renderAgenda(agenda()));
    expect(all).toContain("Møte 27. november 2026 · 4 saker");
    expect(all).toContain("Til behandling nå");
    expect(all).toContain("Hastesak");
    expect(all).toContain("Innvilget");
    expect(all).toContain("Søkende HF: Helse Bergen HF");
    expect(text(renderAgenda(agenda({ locale: "en" })))).toContain("Meeting 27 November 2026 · 4 cases");
  });

  it("says so when the agenda is empty", () => {
    expect(text(renderAgenda(agenda({ items: [] })))).toContain("Ingen saker på saklisten.");
  });

  it("shows each case's minutes and the total against 120, and gives the coordinator a minutes field per open case (the two-hour limit)", () => {
    const items = agenda().items.map((item, i) => ({ ...item, minutes: [10, 20, 15, 15][i]! }));
    for (const locale of LOCALES) {
      const card = renderAgenda(agenda({ locale, items, time: { total: 60, limit: 120 }, canEditMinutes: true }));
      expect(checkCard(card)).toEqual(clean);
      expect(JSON.stringify(card)).not.toContain("${");
    }
    const coordinator = renderAgenda(agenda({ items, time: { total: 60, limit: 120 }, canEditMinutes: true }));
    expect(text(coordinator)).toContain("Tid: 60 av 120 minutter");
    // A concluded case's minutes are history: no field; the open ones each have theirs, submitted with the item number.
    expect(
      allActions(coordinator)
        .filter((a) => a.verb === "setCaseMinutes")
        .map((a) => a.data),
    ).toEqual([
      { meetingId: MEETING_ID, caseId: "TO-2026-014", item: 2 },
      { meetingId: MEETING_ID, caseId: "TO-2026-015", item: 3 },
      { meetingId: MEETING_ID, caseId: "TO-2026-016", item: 4 },
    ]);
    expect(JSON.stringify(coordinator)).toContain('"id":"minutes_3"');
    const reader = renderAgenda(agenda({ items, time: { total: 60, limit: 120 } }));
    expect(text(reader)).toContain("10 minutter");
    expect(allActions(reader)).toEqual([]);
  });

  it("stays under 28 KB for an absurd agenda with the coordinator's minutes fields", () => {
    const items = Array.from({ length: 500 }, (_, i) => ({
      ...agenda().items[2]!,
      caseId: `TO-2026-${String(i).padStart(3, "0")}`,
      methodName: "x".repeat(5000),
      minutes: 15,
    }));
    const card = renderAgenda(agenda({ items, time: { total: 7500, limit: 120 }, canEditMinutes: true, refreshUserIds: refreshIds(500) }));
    expect(cardByteSize(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(checkCard(card)).toEqual(clean);
  });

  it("stays under 28 KB for an absurd agenda", () => {
    const huge = "x".repeat(100_000);
    const items = Array.from({ length: 500 }, (_, i) => ({
      ...agenda().items[2]!,
      caseId: `TO-2026-${String(i).padStart(3, "0")}`,
      methodName: huge,
      applyingHfName: huge,
    }));
    const card = renderAgenda(agenda({ viewerIsChair: true, items, refreshUserIds: refreshIds(500) }));
    expect(cardByteSize(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(checkCard(card)).toEqual(clean);
    expect(card.refresh?.userIds.length ?? 0).toBeLessThanOrEqual(60);
  });
});

describe("attendance card", () => {
  it.each(LOCALES)("parses cleanly in %s for every viewer state", (locale) => {
    for (const viewer of [
      { canCheckIn: true, present: false },
      { canCheckIn: true, present: true },
      { canCheckIn: false, present: false },
    ]) {
      for (const view of [attendance({ locale, viewer }), attendance({ locale, viewer, members: [], membersPresent: 0, substitutesPresent: 0 })]) {
        const card = renderAttendance(view);
        expect(checkCard(card)).toEqual(clean);
        expect(JSON.stringify(card)).not.toContain("${");
      }
    }
  });

  it("offers 'Sjekk inn' to a member who is not present", () => {
    const card = renderAttendance(attendance({ viewer: { canCheckIn: true, present: false } }));
    expect(allActions(card)).toEqual([{ type: "Action.Execute", verb: "checkIn", title: "Sjekk inn", style: "positive", data: { meetingId: MEETING_ID } }]);
    expect(text(card)).toContain("Du er ikke sjekket inn.");
  });

  it("offers 'Sjekk ut' to a member who is present", () => {
    const card = renderAttendance(attendance({ viewer: { canCheckIn: true, present: true } }));
    expect(allActions(card).map((a) => [a.verb, a.title])).toEqual([["checkOut", "Sjekk ut"]]);
    expect(text(card)).toContain("Du er sjekket inn.");
  });

  it("has no buttons for someone who cannot check in", () => {
    const card = renderAttendance(attendance({ viewer: { canCheckIn: false, present: false } }));
    expect(allActions(card)).toEqual([]);
    expect(card.refresh?.action.verb).toBe("refreshAttendance");
  });

  it("lists everyone with role, HF and presence, and counts members against the seats and substitutes apart", () => {
    const all = text(renderAttendance(attendance()));
    expect(all).toContain("2 av 8 medlemmer til stede · 1 vararepresentant til stede");
    expect(all).not.toContain("av 4");
    expect(all).toContain("Vararepresentant, Helse Møre og Romsdal HF");
    expect(all.match(/✓ Til stede/g)).toHaveLength(3);
    expect(all).toContain("Ikke til stede");
    expect(all).toContain("Registrert av koordinator");
    const en = text(renderAttendance(attendance({ locale: "en" })));
    expect(en).toContain("2 of 8 members present · 1 substitute present");
    expect(text(renderAttendance(attendance({ substitutesPresent: 0 })))).toContain("2 av 8 medlemmer til stede");
    expect(text(renderAttendance(attendance({ substitutesPresent: 0 })))).not.toContain("vararepresentant til stede");
    expect(en).toContain("Check in");
  });
});

describe("notice card", () => {
  const notice = (overrides: Partial<NoticeView> = {}): NoticeView => ({
    locale: "nb",
    title: "Medlemslisten",
    lines: ["Komiteen har 7 medlemmer; den skal ha 8.", "Bare 3 av medlemmene er fagdirektører; minst 4 må være det."],
    tone: "warning",
    ...overrides,
  });

  it.each(LOCALES)("parses cleanly in %s for every tone", (locale) => {
    for (const tone of ["info", "warning", "error"] as const) {
      const card = renderNotice(notice({ locale, tone }));
      expect(checkCard(card)).toEqual(clean);
      expect(card.refresh).toBeUndefined();
      expect(allActions(card)).toEqual([]);
    }
  });

  it("shows the title, the tone and every line", () => {
    const all = text(renderNotice(notice()));
    expect(all).toContain("⚠ Advarsel");
    expect(all).toContain("Medlemslisten");
    expect(all).toContain("Komiteen har 7 medlemmer; den skal ha 8.");
    expect(text(renderNotice(notice({ locale: "en", tone: "error" })))).toContain("⛔ Error");
  });

  it("stays under 28 KB and says how many lines it left out", () => {
    const card = renderNotice(notice({ lines: Array.from({ length: 1000 }, (_, i) => `Linje ${i} ${"x".repeat(3000)}`) }));
    expect(cardByteSize(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(text(card)).toMatch(/… og \d+ til\./);
    expect(checkCard(card)).toEqual(clean);
  });
});
