import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markReady, resubmit, returnToHf, startCheck } from "../../src/app/coordinator/completeness.js";
import { checkCompleteness as checklist } from "../../src/domain/completeness.js";
import { registerCase } from "../../src/app/coordinator/intake.js";
import { demoRoster, validInput } from "../domain/fixtures.js";
import { makeTestStore, type TestStore } from "../support/store.js";
import { repositories } from "../../src/store/repositories/index.js";
import { actor, op, services } from "./fakes.js";

const FNR = "15057543288";
let t: TestStore;
beforeAll(async () => {
  t = await makeTestStore();
});
afterAll(() => t.dispose());
const db = () => repositories(t.store);

describe("registering an application (intake)", () => {
  it("gives the next case code of the year, stores it as received, audits, and tells the applying HF's fagdirektør", async () => {
    const svc = services(t.store);
    const coord = actor(svc.roster, "coord");
    const first = await registerCase(svc, { input: validInput(), actor: coord, op: op("2026-11-02T10:20:00+01:00", "intake-1") });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.value.case.code).toBe("TO-2026-001");
    expect(first.value.case.status).toBe("received");
    expect(first.value.notification?.personId).toBe("dir-stavanger");
    expect(first.value.notification?.delivery.ok).toBe(true);
    expect(svc.notifier.of("caseReceived").map((s) => s.to)).toEqual(["dir-stavanger"]);
    const audit = await db().audit.list("TO-2026-001");
    expect(audit.map((a) => a.action)).toEqual(["case.registered"]);
    expect(JSON.stringify(audit)).not.toContain("120000");

    // The same operation again (a retried request) registers nothing new and sends nothing.
    const again = await registerCase(svc, { input: validInput(), actor: coord, op: op("2026-11-02T10:20:00+01:00", "intake-1") });
    expect(again.ok && again.value.duplicate && again.value.case.code).toBe("TO-2026-001");
    expect(svc.notifier.of("caseReceived")).toHaveLength(1);

    const second = await registerCase(svc, { input: validInput(), actor: "portal", op: op("2026-11-03T09:00:00+01:00") });
    expect(second.ok && second.value.case.code).toBe("TO-2026-002");
  });

  it("hands out distinct codes to registrations racing each other", async () => {
    const svc = services(t.store);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => registerCase(svc, { input: validInput(), actor: "portal", op: op("2026-11-04T09:00:00+01:00") })),
    );
    const codes = results.map((r) => (r.ok ? r.value.case.code : r.reason.code));
    expect(new Set(codes).size).toBe(5);
    for (const c of codes) expect(c).toMatch(/^TO-2026-\d{3}$/);
  });

  it("lists every problem of an invalid application and stores nothing", async () => {
    const svc = services(t.store);
    const before = (await db().cases.all()).length;
    const bad = {
      ...validInput(),
      method: { name: "Metode X", beslutningsforumDate: "18.03.2024" },
      grounds: [{ ground: "increasedBenefit", reasoning: `Pasient ${FNR} har en sjelden mutasjon.` }],
      priority: { benefit: "x", severity: "y", resourceUse: "z", extra: 1 },
      patientName: "Ola Nordmann",
      receivedAt: "i går",
    };
    const r = await registerCase(svc, { input: bad, actor: "portal", op: op("2026-11-05T09:00:00+01:00") });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason.code).toBe("input.invalid");
    const problems = (r.problems ?? []).map((p) => `${p.path} ${p.code}`).sort();
    expect(problems).toEqual(
      [
        "grounds.0.reasoning privacy.nationalIdInText",
        "method.beslutningsforumDate input.invalidFormat",
        "method.nyeMetoderId input.required",
        "patientName input.unknownField",
        "priority.extra input.unknownField",
        "receivedAt input.invalidFormat",
      ].sort(),
    );
    expect((await db().cases.all()).length).toBe(before);
    expect(svc.notifier.sent).toHaveLength(0);
  });

  it("keeps the registration when the receipt cannot be delivered, says so, and keeps the receipt for the fagdirektør", async () => {
    const svc = services(t.store);
    svc.notifier.failFor.set("dir-stavanger", "noConversation");
    const r = await registerCase(svc, { input: validInput(), actor: "portal", op: op("2026-11-06T09:00:00+01:00") });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // Not dropped: the receipt waits for them until they next open the chat with the bot.
    expect(r.value.notification?.delivery).toEqual({ ok: false, reason: "noConversation", kept: true });
    expect((await db().cases.byCode(r.value.case.id))?.status).toBe("received");
    const waiting = await db().notices.waiting("dir-stavanger");
    expect(waiting.map((n) => n.notice)).toContainEqual({ kind: "caseReceived", caseId: r.value.case.id });
  });

  it("refuses registration by anyone but the coordinator or the portal", async () => {
    const svc = services(t.store);
    const r = await registerCase(svc, { input: validInput(), actor: actor(svc.roster, "m-vest-1"), op: op("2026-11-06T09:00:00+01:00") });
    expect(!r.ok && r.reason.code).toBe("error.notCoordinator");
  });
});

describe("completeness check, return and resubmission", () => {
  it("returns an incomplete case with exactly what is missing and takes it back when supplied", async () => {
    const svc = services(t.store);
    const coord = actor(svc.roster, "coord");
    const incomplete = {
      ...validInput(),
      attachments: [],
      approvedByFagdirektor: false,
      priority: { benefit: "Forventet gevinst", severity: "Høy", resourceUse: "" },
    };
    const reg = await registerCase(svc, { input: incomplete, actor: coord, op: op("2026-11-09T09:00:00+01:00") });
    if (!reg.ok) throw new Error(reg.reason.code);
    const id = reg.value.case.id;

    const started = await startCheck(svc, { caseId: id, actor: coord, op: op("2026-11-09T10:00:00+01:00") });
    if (!started.ok) throw new Error(started.reason.code);
    expect(started.value.case.status).toBe("completenessCheck");
    const expected = [
      { item: "completeness.priorityCriterionMissing", params: { criterion: "resourceUse" } },
      { item: "completeness.fagdirektorApprovalMissing" },
      { item: "completeness.attachmentMissing" },
    ];
    expect(started.value.missing).toEqual(expected);

    const notYet = await markReady(svc, { caseId: id, actor: coord, op: op("2026-11-09T10:05:00+01:00") });
    expect(!notYet.ok && notYet.reason).toEqual({ code: "completeness.incomplete", params: { count: 3 } });

    const returned = await returnToHf(svc, { caseId: id, actor: coord, op: op("2026-11-09T10:10:00+01:00") });
    if (!returned.ok) throw new Error(returned.reason.code);
    expect(returned.value.case.status).toBe("returned");
    expect(returned.value.case.returns[0]?.missing).toEqual([
      "completeness.priorityCriterionMissing",
      "completeness.fagdirektorApprovalMissing",
      "completeness.attachmentMissing",
    ]);
    const msg = svc.notifier.of("caseReturned");
    expect(msg.map((m) => m.to)).toEqual(["dir-stavanger"]);
    expect((msg[0]?.payload as { missing: unknown }).missing).toEqual(expected);

    const leaked = await resubmit(svc, {
      caseId: id,
      patch: { priority: { resourceUse: `Gjelder ${FNR}` }, patientName: "x" },
      actor: coord,
      op: op("2026-11-12T09:00:00+01:00"),
    });
    expect(leaked.ok).toBe(false);
    if (!leaked.ok) expect(leaked.problems?.map((p) => `${p.path} ${p.code}`)).toEqual(["patientName input.unknownField"]);
    const leaked2 = await resubmit(svc, {
      caseId: id,
      patch: { priority: { resourceUse: `Gjelder ${FNR}` } },
      actor: coord,
      op: op("2026-11-12T09:00:00+01:00"),
    });
    if (!leaked2.ok) expect(leaked2.problems?.map((p) => `${p.path} ${p.code}`)).toEqual(["priority.resourceUse privacy.nationalIdInText"]);
    expect((await db().cases.byCode(id))?.status).toBe("returned");

    const back = await resubmit(svc, {
      caseId: id,
      patch: { priority: { resourceUse: "Om lag 1,2 mill. kr" }, approvedByFagdirektor: true, attachments: [{ title: "Epikrise", ref: "doc://archive/9" }] },
      actor: "system",
      op: op("2026-11-12T09:30:00+01:00"),
    });
    if (!back.ok) throw new Error(back.reason.code);
    expect(back.value.case.status).toBe("completenessCheck");
    expect(back.value.case.priority).toEqual({ benefit: "Forventet gevinst", severity: "Høy", resourceUse: "Om lag 1,2 mill. kr" });
    expect(back.value.missing).toEqual([]);
    expect(checklist(back.value.case, demoRoster())).toEqual([]);

    const ready = await markReady(svc, { caseId: id, actor: coord, op: op("2026-11-12T10:00:00+01:00") });
    expect(ready.ok && ready.value.status).toBe("ready");
    expect(ready.ok && ready.value.readyAt).toBe("2026-11-12T10:00:00+01:00");
    const actions = (await db().audit.list(id)).map((a) => a.action);
    expect(actions).toEqual(["case.registered", "case.checkStarted", "case.returned", "case.resubmitted", "case.ready"]);
  });
});
