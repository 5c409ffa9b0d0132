import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DateTime } from "luxon";
import {
  addWorkingDays,
  extraMeetingProposal,
  fortnightlySeries,
  isWorkingDay,
  nextMeetingFor,
  papersDeadline,
  papersOnTime,
  submissionCutoff,
  workingDaysBetween,
} from "../../src/domain/calendar.js";
import type { Meeting } from "../../src/domain/meeting.js";

const utc = (iso: string) => DateTime.fromISO(iso).toUTC().toISO();

describe("working days", () => {
  it("are Monday to Friday", () => {
    expect(isWorkingDay("2026-11-27")).toBe(true); // Friday
    expect(isWorkingDay("2026-11-28")).toBe(false); // Saturday
  });
  it("exclude Norwegian public holidays", () => {
    for (const d of ["2027-03-25", "2027-03-26", "2027-03-29", "2026-05-14", "2027-05-17", "2026-12-25", "2026-05-01", "2026-05-25"]) {
      expect(isWorkingDay(d)).toBe(false);
    }
  });
  it("include Christmas Eve and other days that are not public holidays", () => {
    expect(isWorkingDay("2026-12-24")).toBe(true); // julaften: a bank holiday only
    expect(isWorkingDay("2026-05-08")).toBe(true); // frigjøringsdagen: flag day, not a holiday
  });
  it("are counted across a weekend", () => {
    expect(addWorkingDays("2026-11-27", 1)).toBe("2026-11-30");
    expect(addWorkingDays("2026-11-30", -1)).toBe("2026-11-27");
  });
  it("are counted across Easter", () => {
    expect(addWorkingDays("2027-03-24", 1)).toBe("2027-03-30");
  });
  it("measure lead time, with holidays not counting", () => {
    expect(workingDaysBetween("2026-11-27", "2026-11-30")).toBe(1);
    expect(workingDaysBetween("2027-03-24", "2027-03-30")).toBe(1);
    expect(workingDaysBetween("2027-03-30", "2027-03-24")).toBe(-1);
    expect(workingDaysBetween("2026-11-02", "2026-11-02")).toBe(0);
  });
  it("adding n working days always lands on a working day n working days later", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("2025-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }), fc.integer({ min: 1, max: 40 }), (d, n) => {
        const start = d.toISOString().slice(0, 10);
        const end = addWorkingDays(start, n);
        expect(isWorkingDay(end)).toBe(true);
        expect(workingDaysBetween(start, end)).toBe(n);
      }),
    );
  });
});

describe("papers deadline (2 working days before the meeting)", () => {
  it("is Wednesday 23:59 Oslo for an ordinary Friday meeting", () => {
    expect(papersDeadline("2026-11-27T09:00:00+01:00")).toBe("2026-11-25T23:59:59.999+01:00");
  });
  it("moves back over Ascension Day", () => {
    // Friday 15 May 2026: Thursday 14 is Kristi himmelfartsdag, so Wed 13 is -1 and Tue 12 is -2.
    expect(papersDeadline("2026-05-15T09:00:00+02:00")).toBe("2026-05-12T23:59:59.999+02:00");
  });
  it("moves back over Easter 2027", () => {
    // Tuesday 30 March 2027: Easter Monday, Good Friday and Maundy Thursday are holidays.
    expect(papersDeadline("2027-03-30T09:00:00+02:00")).toBe("2027-03-23T23:59:59.999+01:00");
  });
  it("moves back over 17 May", () => {
    // Wednesday 19 May 2027: Monday 17 May (also Whit Monday) is a holiday.
    expect(papersDeadline("2027-05-19T09:00:00+02:00")).toBe("2027-05-14T23:59:59.999+02:00");
  });
  it("moves back over Christmas", () => {
    // Tuesday 29 December 2026: 25 and 26 December are holidays, Christmas Eve is not.
    expect(papersDeadline("2026-12-29T09:00:00+01:00")).toBe("2026-12-24T23:59:59.999+01:00");
  });
  it("tells whether papers went out in time", () => {
    expect(papersOnTime("2026-11-27T09:00:00+01:00", "2026-11-25T16:00:00+01:00")).toBe(true);
    expect(papersOnTime("2026-11-27T09:00:00+01:00", "2026-11-26T08:00:00+01:00")).toBe(false);
  });
});

describe("submission cut-off (Friday 12:00 the week before)", () => {
  it("is the Friday a week before a Friday meeting", () => {
    expect(submissionCutoff("2026-11-27")).toBe("2026-11-20T12:00:00.000+01:00");
  });
  it("is the previous week's Friday for an extra meeting early in the week", () => {
    expect(submissionCutoff("2026-12-01")).toBe("2026-11-27T12:00:00.000+01:00");
  });
  it("is 11:00 UTC in winter, before the spring change", () => {
    expect(utc(submissionCutoff("2026-03-27"))).toBe("2026-03-20T11:00:00.000Z");
  });
  it("stays 12:00 Oslo (11:00 UTC) when the clocks go forward between cut-off and meeting", () => {
    // Clocks change Sunday 29 March 2026; meeting Tuesday 31 March.
    expect(submissionCutoff("2026-03-31")).toBe("2026-03-27T12:00:00.000+01:00");
    expect(utc(submissionCutoff("2026-03-31"))).toBe("2026-03-27T11:00:00.000Z");
  });
  it("is 10:00 UTC in summer time, after the spring change", () => {
    expect(utc(submissionCutoff("2026-04-17"))).toBe("2026-04-10T10:00:00.000Z");
  });
  it("is 10:00 UTC on the Friday before the autumn change, and 11:00 UTC after it", () => {
    // Clocks go back Sunday 25 October 2026.
    expect(submissionCutoff("2026-10-30")).toBe("2026-10-23T12:00:00.000+02:00");
    expect(utc(submissionCutoff("2026-10-30"))).toBe("2026-10-23T10:00:00.000Z");
    expect(utc(submissionCutoff("2026-11-06"))).toBe("2026-10-30T11:00:00.000Z");
  });
  it("falls back to the last working day before Good Friday", () => {
    // Meeting Friday 10 April 2026: the Friday before is Good Friday, Thursday is Maundy Thursday.
    expect(submissionCutoff("2026-04-10")).toBe("2026-04-01T12:00:00.000+02:00");
  });
});

describe("meeting series and scheduling", () => {
  it("puts meetings every 14 days", () => {
    const s = fortnightlySeries("2026-11-13", 3, { startTime: "13:00" });
    expect(s.map((m) => m.date)).toEqual(["2026-11-13", "2026-11-27", "2026-12-11"]);
    expect(s[0]).toEqual({ id: "M-2026-11-13", date: "2026-11-13", startsAt: "2026-11-13T13:00:00.000+01:00", kind: "regular", agenda: [] });
  });
  it("keeps the local start time across a daylight-saving change", () => {
    const s = fortnightlySeries("2026-03-20", 2);
    expect(s.map((m) => utc(m.startsAt))).toEqual(["2026-03-20T08:00:00.000Z", "2026-04-01T07:00:00.000Z"]);
  });
  it("moves a meeting off a public holiday to the working day before", () => {
    // 3 April 2026 is Good Friday and 2 April Maundy Thursday: the meeting moves to Wednesday 1 April.
    expect(fortnightlySeries("2026-03-20", 2).map((m) => m.date)).toEqual(["2026-03-20", "2026-04-01"]);
  });

  const series: Meeting[] = [
    ...fortnightlySeries("2026-11-13", 3),
    { id: "M-2026-11-18", date: "2026-11-18", startsAt: "2026-11-18T15:00:00.000+01:00", kind: "extra", agenda: [] },
  ];
  it("sends a case ready before the cut-off to the next meeting", () => {
    expect(nextMeetingFor("2026-11-06T11:59:00+01:00", series)?.id).toBe("M-2026-11-13");
  });
  it("sends a case ready after the cut-off to the meeting after", () => {
    expect(nextMeetingFor("2026-11-06T12:01:00+01:00", series)?.id).toBe("M-2026-11-27");
  });
  it("does not send an ordinary case to an extra meeting", () => {
    expect(nextMeetingFor("2026-11-09T09:00:00+01:00", series)?.id).toBe("M-2026-11-27");
  });
  it("lets an urgent case use an extra meeting while papers can still go out in time", () => {
    expect(nextMeetingFor("2026-11-09T09:00:00+01:00", series, { urgent: true })?.id).toBe("M-2026-11-13");
    expect(nextMeetingFor("2026-11-12T09:00:00+01:00", series, { urgent: true })?.id).toBe("M-2026-11-18");
  });
  it("finds no meeting when the series has run out", () => {
    expect(nextMeetingFor("2026-12-20T09:00:00+01:00", series)).toBeUndefined();
  });
});

describe("the earliest extra meeting for an urgent case (issue 13)", () => {
  it("checks by the next working day, sends the papers then, meets after the short notice, and targets the working day after", () => {
    // Received Thursday 17 December 2026: check and papers Friday 18th, meeting Monday 21st (1 working day), target Tuesday 22nd.
    expect(extraMeetingProposal("2026-12-17T15:00:00+01:00", 1)).toEqual({
      checkBy: "2026-12-18",
      papersBy: "2026-12-18",
      meetingDate: "2026-12-21",
      targetDate: "2026-12-22",
    });
    // Over Christmas: 24th is a weekday, 25th and 26th are holidays.
    expect(extraMeetingProposal("2026-12-23T09:00:00+01:00", 2).meetingDate).toBe("2026-12-29");
  });
});
