/** A meeting's approved minutes for the export tests and docs/minutes-example*.png: three cases, a substitute, an expert, a deferral. */
import { approveMinutes, confirmMinutes, draftMinutes, editMinutes, type Minutes } from "../../src/domain/minutes.js";
import type { Roster } from "../../src/domain/roster.js";
import { sampleCase } from "../domain/fixtures.js";

const D = "2026-11-27";
const at = (hhmm: string) => `${D}T${hhmm}:00.000+01:00`;

/** The confidential price of the sample's first case: it must never appear in the minutes. */
export const SAMPLE_CONFIDENTIAL_PRICE = 987654;

export function sampleMinutes(roster: Roster): Minutes {
  const meeting = {
    id: `M-${D}`,
    date: D,
    startsAt: at("13:00"),
    kind: "regular" as const,
    agenda: ["TO-2026-001", "TO-2026-002", "TO-2026-003"],
    caseMinutes: { "TO-2026-001": 20 },
    startedAt: at("13:02"),
    endedAt: at("14:10"),
  };
  // Whole cases, price and clinical text included: the minutes take only the code and whether urgent.
  const cases = [
    sampleCase({
      id: "TO-2026-001",
      code: "TO-2026-001",
      applyingHfId: "helse-fonna",
      cost: { currency: "NOK", price: SAMPLE_CONFIDENTIAL_PRICE, confidential: true },
    }),
    sampleCase({ id: "TO-2026-002", code: "TO-2026-002", applyingHfId: "sykehuset-innlandet" }),
    sampleCase({ id: "TO-2026-003", code: "TO-2026-003", urgent: true }),
  ];
  const participants = ["m-vest-1", "s-vest-2", "m-nord-1", "m-sorost-2", "m-midt-1"];
  const draft = draftMinutes({
    meeting,
    roster,
    cases,
    attendance: [
      ...["chair", "coord", "m-vest-1", "m-nord-1", "m-sorost-1", "m-sorost-2", "m-midt-1", "obs-dmp"].map((personId) => ({
        personId,
        present: true,
        source: "event" as const,
        at: at("13:00"),
      })),
      { personId: "s-vest-2", present: true, source: "checkin", at: at("13:03") },
      { personId: "expert-1", present: false, source: "event", at: at("13:25") },
    ],
    conclusions: [
      {
        caseId: "TO-2026-001",
        meetingId: meeting.id,
        result: "granted",
        by: "chair",
        at: at("13:24"),
        participants,
        recused: [{ personId: "m-vest-2", reason: "ownHf" }],
      },
      {
        caseId: "TO-2026-002",
        meetingId: meeting.id,
        result: "deferred",
        reason: "Komiteen venter på oppdaterte data fra studien.",
        by: "chair",
        at: at("13:41"),
        participants,
        recused: [{ personId: "m-sorost-1", reason: "declared", text: "Har behandlet pasienten" }],
      },
      { caseId: "TO-2026-003", meetingId: meeting.id, result: "rejected", by: "chair", at: at("14:05"), participants, recused: [] },
    ],
    conflicts: [{ personId: "m-sorost-1", caseId: "TO-2026-002", reason: "Har behandlet pasienten", at: at("13:26") }],
    experts: [{ caseId: "TO-2026-001", personId: "expert-1", by: "coord", at: "2026-11-20T10:00:00.000+01:00" }],
    takenUp: [
      { caseId: "TO-2026-001", at: at("13:04") },
      { caseId: "TO-2026-002", at: at("13:25") },
      { caseId: "TO-2026-003", at: at("13:42") },
    ],
    draftedBy: "coord",
    at: at("14:10"),
  });
  const steps = [
    (m: Minutes) => editMinutes(m, "Møtet startet to minutter forsinket.\nSak TO-2026-002 settes opp igjen på neste ordinære møte."),
    (m: Minutes) => confirmMinutes(m, "coord", "2026-11-27T15:00:00.000+01:00"),
    (m: Minutes) => approveMinutes(m, "chair", "2026-11-28T09:30:00.000+01:00"),
  ];
  return steps.reduce((m, step) => {
    const r = step(m);
    if (!r.ok) throw new Error(r.reason.code);
    return r.value;
  }, draft);
}
