import { describe, expect, it } from "vitest";
import type { Case, CaseStatus } from "../../src/domain/case.js";
import { CASE_STATUSES } from "../../src/domain/case.js";
import { allowedTransitions, SYSTEM_ACTOR, transition, type Actor } from "../../src/domain/lifecycle.js";
import type { Person } from "../../src/domain/roster.js";
import { demoRoster, sampleCase } from "./fixtures.js";

const roster = demoRoster();
const person = (id: string): Person => roster.people.find((p) => p.id === id)!;
const coord = person("coord");
const chair = person("chair");
const at = "2026-11-10T09:00:00+01:00";

const step = (c: Case, to: CaseStatus, actor: Actor, detail = {}) => {
  const r = transition(c, to, actor, at, detail);
  if (!r.ok) throw new Error(`${c.status} → ${to}: ${r.reason.code}`);
  return r.value;
};

describe("case lifecycle", () => {
  it("follows the happy path from received to acknowledged", () => {
    let c = sampleCase();
    c = step(c, "completenessCheck", SYSTEM_ACTOR);
    c = step(c, "ready", coord);
    expect(c.readyAt).toBe(at);
    c = step(c, "onAgenda", coord, { meetingId: "M-2026-11-27" });
    expect(c.meetingId).toBe("M-2026-11-27");
    c = step(c, "inMeeting", chair);
    c = step(c, "granted", chair);
    expect(c).toMatchObject({ outcome: "granted", decidedAt: at });
    c = step(c, "recordDrafted", SYSTEM_ACTOR);
    c = step(c, "recordConfirmed", coord);
    c = step(c, "routed", SYSTEM_ACTOR);
    c = step(c, "acknowledged", person("dir-stavanger"));
    expect(c).toMatchObject({ status: "acknowledged", acknowledgedAt: at });
  });
  it("does not change the case it was given", () => {
    const c = sampleCase();
    transition(c, "completenessCheck", coord, at);
    expect(c.status).toBe("received");
  });
  it("refuses to skip the completeness check, naming from and to", () => {
    expect(transition(sampleCase(), "ready", coord, at)).toEqual({
      ok: false,
      reason: { code: "lifecycle.transitionNotAllowed", params: { from: "received", to: "ready" } },
    });
  });
  it("returns an incomplete case with what is missing, and takes it back on resubmission", () => {
    let c = step(sampleCase(), "completenessCheck", coord);
    c = step(c, "returned", coord, { missing: ["completeness.costMissing"] });
    expect(c.returns).toEqual([{ at, by: "coord", missing: ["completeness.costMissing"] }]);
    expect(step(c, "completenessCheck", SYSTEM_ACTOR).status).toBe("completenessCheck");
  });
  it("refuses to return a case without saying what is missing", () => {
    const c = step(sampleCase(), "completenessCheck", coord);
    const r = transition(c, "returned", coord, at, { missing: [] });
    expect(r.ok ? "ok" : r.reason.code).toBe("lifecycle.missingItemsRequired");
  });
  it("lets only a coordinator declare a case ready, never the system", () => {
    const c = step(sampleCase(), "completenessCheck", coord);
    const r = transition(c, "ready", SYSTEM_ACTOR, at);
    expect(r.ok ? "ok" : r.reason).toEqual({ code: "lifecycle.roleNotAllowed", params: { role: "system", from: "completenessCheck", to: "ready" } });
  });
  it("lets only the chair conclude a case, not a member or the coordinator", () => {
    const c = sampleCase({ status: "inMeeting", meetingId: "M-1" });
    for (const actor of [coord, person("m-vest-1"), person("obs-dmp")]) {
      const r = transition(c, "granted", actor, at);
      expect(r.ok ? "ok" : r.reason.code).toBe("lifecycle.roleNotAllowed");
    }
    expect(step(c, "rejected", chair).outcome).toBe("rejected");
  });
  it("needs a meeting to put a case on the agenda", () => {
    const r = transition(sampleCase({ status: "ready" }), "onAgenda", coord, at);
    expect(r.ok ? "ok" : r.reason.code).toBe("lifecycle.meetingRequired");
  });
  it("clears the meeting when a case is taken off the agenda, keeping when it became ready", () => {
    const c = step(sampleCase({ status: "onAgenda", meetingId: "M-1", readyAt: "2026-11-01T10:00:00+01:00" }), "ready", coord);
    expect(c.meetingId).toBeUndefined();
    expect(c.readyAt).toBe("2026-11-01T10:00:00+01:00");
  });
  it("puts a deferred case on a later agenda", () => {
    const c = step(sampleCase({ status: "inMeeting", meetingId: "M-1" }), "deferred", chair);
    expect(c.outcome).toBeUndefined();
    expect(step(c, "onAgenda", coord, { meetingId: "M-2" }).meetingId).toBe("M-2");
  });
  it("refuses a record for a deferred case", () => {
    const r = transition(sampleCase({ status: "deferred" }), "recordDrafted", coord, at);
    expect(r.ok ? "ok" : r.reason.code).toBe("lifecycle.transitionNotAllowed");
  });
  it("refuses acknowledgement by the fagdirektør of another HF", () => {
    const r = transition(sampleCase({ status: "routed" }), "acknowledged", person("dir-innlandet"), at);
    expect(r.ok ? "ok" : r.reason).toEqual({ code: "lifecycle.notApplyingHf", params: { personId: "dir-innlandet", hfId: "helse-stavanger" } });
  });
  it("accepts acknowledgement by a member who is the applying HF's fagdirektør", () => {
    const c = sampleCase({ status: "routed", applyingHfId: "helse-bergen" });
    expect(step(c, "acknowledged", person("m-vest-1")).status).toBe("acknowledged");
  });
  it("refuses acknowledgement by a member of the applying HF who is not its fagdirektør", () => {
    const c = sampleCase({ status: "routed", applyingHfId: "helse-fonna" });
    const r = transition(c, "acknowledged", person("m-vest-2"), at);
    expect(r.ok ? "ok" : r.reason.code).toBe("lifecycle.notApplyingHf");
  });
  it("ends at acknowledged: nothing follows it, and a routed case cannot go back", () => {
    expect(allowedTransitions("acknowledged")).toEqual([]);
    expect(allowedTransitions("routed")).toEqual(["acknowledged"]);
  });
  it("lets every status except acknowledged move on somewhere", () => {
    for (const s of CASE_STATUSES) expect(allowedTransitions(s).length > 0).toBe(s !== "acknowledged");
  });
});
