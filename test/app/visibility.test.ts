/**
 * Who sees what of a case (src/app/visibility.ts), as pure functions: the
 * matrix of viewers — the shared card, a member, a recused member, a
 * substitute standing in and one not needed, the chair, the coordinator, an
 * observer, an invited expert on their case and on another, an HF contact.
 */
import { describe, expect, it } from "vitest";
import { caseInMeeting } from "../../src/app/meeting/case-in-meeting.js";
import type { CaseFacts } from "../../src/app/ports.js";
import { caseBriefAccess, caseViewer, type CaseViewerKind } from "../../src/app/visibility.js";
import type { AttendanceMark, Meeting } from "../../src/domain/meeting.js";
import { demoRoster, sampleCase } from "../domain/fixtures.js";

const roster = demoRoster();
const settings = { quorumMinimum: 4, ackFollowUpWorkingDays: 3, recuseCatchmentHf: true, documentMaxBytes: 25 * 1024 * 1024 };
const AT = "2026-11-27T13:10:00+01:00";
const meeting: Meeting = {
  id: "M-2026-11-27",
  date: "2026-11-27",
  startsAt: "2026-11-27T13:00:00+01:00",
  kind: "regular",
  agenda: ["TO-2026-014", "TO-2026-015"],
};
// Helse Fonna applies: m-vest-2 is recused; their substitute s-vest-2 (Helse Førde) stands in.
const fonna = sampleCase({ applyingHfId: "helse-fonna", status: "inMeeting" });
const other = sampleCase({ id: "TO-2026-015", code: "TO-2026-015", status: "onAgenda" });
const present = (ids: string[]): AttendanceMark[] => ids.map((personId) => ({ personId, present: true, source: "event", at: AT }));

function loaded(theCase = fonna, extra: Partial<CaseFacts> = {}) {
  const facts: CaseFacts = {
    meeting,
    attendance: [
      ...present(["m-sorost-1", "m-sorost-2", "m-vest-1", "m-vest-2", "s-vest-2", "s-sorost-1", "m-midt-1", "chair", "coord", "obs-dmp", "expert-1"]),
      { personId: "m-nord-2", present: false, source: "event", at: AT },
    ],
    positions: [],
    conflicts: [],
    experts: [{ caseId: fonna.id, personId: "expert-1", by: "coord", at: AT }],
    ...extra,
  };
  return caseInMeeting({ roster, settings }, facts, theCase);
}

const person = (id: string) => roster.people.find((p) => p.id === id)!;
const kindOf = (id: string | undefined, theCase = fonna) => caseViewer(id ? person(id) : undefined, loaded(theCase), roster).kind;
const access = (id: string | undefined, theCase = fonna) => caseBriefAccess(caseViewer(id ? person(id) : undefined, loaded(theCase), roster));

describe("who sees what of a case", () => {
  it.each<[string, string | undefined, CaseViewerKind, { clinical: boolean; confidentialPrice: boolean; deliberation: boolean }]>([
    ["the shared card", undefined, "shared", { clinical: false, confidentialPrice: false, deliberation: false }],
    ["a member", "m-sorost-1", "eligible", { clinical: true, confidentialPrice: true, deliberation: true }],
    ["a recused member", "m-vest-2", "recused", { clinical: false, confidentialPrice: false, deliberation: false }],
    ["a substitute standing in", "s-vest-2", "eligible", { clinical: true, confidentialPrice: true, deliberation: true }],
    ["a substitute whose member takes part", "s-sorost-1", "substituteNotNeeded", { clinical: true, confidentialPrice: true, deliberation: true }],
    ["a member who left", "m-nord-2", "left", { clinical: true, confidentialPrice: true, deliberation: true }],
    ["the chair", "chair", "chair", { clinical: true, confidentialPrice: true, deliberation: true }],
    ["the coordinator", "coord", "coordinator", { clinical: true, confidentialPrice: true, deliberation: true }],
    ["an observer", "obs-dmp", "observer", { clinical: true, confidentialPrice: true, deliberation: true }],
    ["an expert invited to the case", "expert-1", "expert", { clinical: true, confidentialPrice: false, deliberation: false }],
    ["an HF contact", "dir-stavanger", "guest", { clinical: false, confidentialPrice: false, deliberation: false }],
  ])("%s", (_label, id, kind, expected) => {
    expect(kindOf(id)).toBe(kind);
    expect(access(id)).toMatchObject(expected);
  });

  it("shows an expert invited to another case only the minimal view", () => {
    expect(kindOf("expert-1", other)).toBe("uninvited");
    expect(access("expert-1", other)).toEqual({ particulars: false, clinical: false, confidentialPrice: false, deliberation: false, committeeReasons: false });
  });

  it("names the member a substitute not needed would stand in for", () => {
    expect(caseViewer(person("s-sorost-1"), loaded(), roster)).toMatchObject({ kind: "substituteNotNeeded", memberName: "Astrid Fjellvang" });
  });

  it("gives a member with no attendance mark the buttons (stating counts as presence), but not a substitute whose member is present", () => {
    expect(kindOf("m-midt-2")).toBe("eligible");
    expect(kindOf("s-midt-1")).toBe("substituteNotNeeded"); // m-midt-1 is present
    expect(kindOf("s-nord-2")).toBe("eligible"); // m-nord-2 left: their substitute would stand in
  });

  it("keeps the committee's own words (a declared conflict, a deferral's reason) to the committee", () => {
    for (const id of [undefined, "expert-1", "m-vest-2", "dir-stavanger"]) expect(access(id).committeeReasons, String(id)).toBe(false);
    for (const id of ["m-sorost-1", "chair", "coord", "obs-dmp"]) expect(access(id).committeeReasons, id).toBe(true);
  });
});
