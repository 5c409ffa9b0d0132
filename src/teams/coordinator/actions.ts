/**
 * The coordinator's card actions (intake, completeness, decision record,
 * routing) and the fagdirektør's acknowledgement. Each calls one use case and
 * answers with a card; every rule is the use case's.
 */
import { randomUUID } from "node:crypto";
import { openCase, returnToHf, resubmit } from "../../app/coordinator/completeness.js";
import { registerAndOpen } from "../../app/coordinator/intake.js";
import { markReadyAndPlan } from "../../app/coordinator/planning.js";
import { correctRecord, latestRecord, saveRecord } from "../../app/coordinator/records.js";
import { acknowledge, routeRecord } from "../../app/coordinator/routing.js";
import type { AppServices } from "../../app/services.js";
import { renderChecklist } from "../../cards/checklist.js";
import { renderRoutedDecision } from "../../cards/decision.js";
import { intakeFieldForIssue, intakeInputFromForm, renderIntakeForm } from "../../cards/intake.js";
import { renderRecordCard } from "../../cards/record.js";
import type { Case } from "../../domain/case.js";
import { GROUNDS } from "../../domain/case.js";
import type { Problem } from "../../domain/result.js";
import type { Person } from "../../domain/roster.js";
import { hasMessage, t, type Locale } from "../../i18n/index.js";
import type { ActionOf, VerbEnv, VerbTable } from "../card-verbs.js";
import { reasonText } from "../replies.js";
import { offerFile } from "./files.js";
import { checklistView, recordView } from "./views.js";

export type CoordinatorVerb = "registerCase" | "openCase" | "markReady" | "returnToHf" | "saveRecord" | "confirmRecord" | "routeRecord" | "correctRecord" | "acknowledge";

/** Everything here but the fagdirektør's "Mottatt" is the coordinator's, and shows case data: refuse before reading any. */
const coordinatorOnly = { who: (p: Person) => p.role === "coordinator", refusal: "error.notCoordinator" } as const;

export const hfChoices = (svc: AppServices) =>
  svc.roster.hfs.map((h) => ({ id: h.id, name: h.name, region: svc.roster.regions.find((r) => r.id === h.region)?.name ?? h.region }));

const problemText = (locale: Locale, p: Problem): string => (hasMessage(p.code) ? t(locale, p.code, p.params) : t(locale, "input.invalid"));

/** The card that shows a case to the coordinator, by where it is in its lifecycle. */
export async function caseCardForCoordinator(svc: AppServices, c: Case, locale: Locale): Promise<object> {
  const record = await latestRecord(svc, c.id);
  if (record) return renderRecordCard(recordView(svc.roster, record, await svc.records.routing(c.id, record.id), locale));
  return renderChecklist(checklistView(svc.roster, c, locale));
}

export function intakeFormCard(svc: AppServices, locale: Locale, caseId?: string): object {
  return renderIntakeForm({ locale, hfs: hfChoices(svc), formId: randomUUID(), ...(caseId ? { caseId } : {}) });
}

/** The record inputs of the draft card as the use case's changes. */
function recordChanges(a: ActionOf<"saveRecord" | "confirmRecord">, grounds: readonly { ground: string }[]) {
  const assessments = GROUNDS.filter((g) => grounds.some((x) => x.ground === g)).map((g) => ({
    ground: g,
    finding: a[`finding_${g}`] ?? "notAssessed",
    comment: a[`comment_${g}`] ?? "",
  }));
  return {
    ...(a.reasoning !== undefined ? { reasoning: a.reasoning } : {}),
    ...(a.conditions !== undefined ? { conditions: a.conditions.split(/\r?\n/).map((l) => l.trim()).filter(Boolean) } : {}),
    ...(a.groupLevelProposal !== undefined ? { groupLevelProposal: a.groupLevelProposal === "true" } : {}),
    assessments,
  };
}

async function saveOrConfirm(e: VerbEnv, a: ActionOf<"saveRecord" | "confirmRecord">): Promise<void> {
  const { io, app } = e;
  const { locale } = io.turn;
  const record = await app.svc.records.get(a.caseId, a.recordId);
  if (!record) return io.answerMessage(t(locale, "record.notFound", { id: a.recordId }));
  const r = await saveRecord(app.svc, { caseId: a.caseId, recordId: a.recordId, changes: recordChanges(a, record.grounds), confirm: a.verb === "confirmRecord", actor: e.actor, op: io.turn.op });
  const problems = r.ok ? [] : r.problems?.length ? r.problems.map((p) => problemText(locale, p)) : [reasonText(locale, r.reason)];
  // After a failed confirmation the saved edits still show: read the draft as it is now.
  const shown = r.ok ? r.value : ((await app.svc.records.get(a.caseId, a.recordId)) ?? record);
  return io.answerCard(renderRecordCard(recordView(app.svc.roster, shown, await app.svc.records.routing(a.caseId, shown.id), locale, problems)));
}

export const COORDINATOR_VERBS = {
  registerCase: {
    allow: coordinatorOnly,
    async handle(e, a) {
      const { io, app } = e;
      const { verb: _v, caseId, formId, ...form } = a;
      const input = intakeInputFromForm(form, { receivedAt: io.turn.op.at });
      // The form's own id, not the click's, identifies the registration: a double click registers one case.
      const op = formId ? { id: `intake-form:${formId}`, at: io.turn.op.at } : io.turn.op;
      const r = caseId
        ? await resubmit(app.svc, { caseId, patch: withoutReceivedAt(input), actor: e.actor, op })
        : await registerAndOpen(app.svc, { input, actor: e.actor, op, checkOp: io.turn.op });
      if (!r.ok) {
        const errors = (r.problems ?? []).map((p) => ({ field: intakeFieldForIssue(p.path.split("."), input), message: problemText(io.turn.locale, p) }));
        if (errors.length === 0) errors.push({ field: "form", message: reasonText(io.turn.locale, r.reason) });
        return io.answerCard(renderIntakeForm({ locale: io.turn.locale, hfs: hfChoices(app.svc), values: form, errors, ...(caseId ? { caseId } : {}), ...(formId ? { formId } : {}) }));
      }
      return io.answerCard(renderChecklist(checklistView(app.svc.roster, r.value.case, io.turn.locale)));
    },
  },
  openCase: {
    allow: coordinatorOnly,
    async handle(e, a) {
      const r = await openCase(e.app.svc, { caseId: a.caseId, actor: e.actor, op: e.io.turn.op });
      if (!r.ok) return e.io.answerMessage(reasonText(e.io.turn.locale, r.reason));
      return e.io.answerCard(await caseCardForCoordinator(e.app.svc, r.value, e.io.turn.locale));
    },
  },
  markReady: {
    allow: coordinatorOnly,
    async handle(e, a) {
      const { io, app } = e;
      const r = await markReadyAndPlan(app.svc, { caseId: a.caseId, actor: e.actor, op: io.turn.op });
      if (!r.ok) return io.answerMessage(reasonText(io.turn.locale, r.reason));
      const planned = r.value.planned;
      await io.say(planned.ok ? t(io.turn.locale, "office.casePlanned", { code: planned.value.case.code, meetingId: planned.value.meeting.id }) : reasonText(io.turn.locale, planned.reason));
      return io.answerCard(renderChecklist(checklistView(app.svc.roster, r.value.case, io.turn.locale)));
    },
  },
  returnToHf: {
    allow: coordinatorOnly,
    async handle(e, a) {
      const { io, app } = e;
      const r = await returnToHf(app.svc, { caseId: a.caseId, actor: e.actor, op: io.turn.op });
      if (!r.ok) return io.answerMessage(reasonText(io.turn.locale, r.reason));
      const delivery = r.value.notification.delivery;
      if (!delivery.ok) await io.say(t(io.turn.locale, "office.notDelivered", { reason: t(io.turn.locale, `delivery.${delivery.reason}`) }));
      return io.answerCard(renderChecklist(checklistView(app.svc.roster, r.value.case, io.turn.locale)));
    },
  },
  saveRecord: { allow: coordinatorOnly, handle: saveOrConfirm },
  confirmRecord: { allow: coordinatorOnly, handle: saveOrConfirm },
  routeRecord: {
    allow: coordinatorOnly,
    async handle(e, a) {
      const { io, app } = e;
      // Teams may throttle or fail the send to the HF, and its retries can outlast the turn: answer now, report later.
      const ref = io.reference();
      const { locale, op } = io.turn;
      const actor = e.actor;
      app.tasks.run("routeRecord", async () => {
        const r = await routeRecord(app.svc, { caseId: a.caseId, actor, op });
        if (!r.ok) {
          await app.sender.say(ref, reasonText(locale, r.reason));
          return;
        }
        if (r.value.state === "failed") {
          // Teams can't reach the HF: the coordinator gets the PDF at once, to send another way.
          await app.sender.say(ref, t(locale, "office.routingFailed", { recordId: r.value.recordId }));
          await offerFile(app, { locale, at: op.at }, { kind: "recordPdf", caseId: a.caseId, recordId: r.value.recordId }, (att) => app.sender.sendAttachment(ref, att).then(() => undefined), (text) => app.sender.say(ref, text));
        }
        const record = await app.svc.records.get(a.caseId, r.value.recordId);
        if (!record) return;
        await app.sender.sendCard(ref, renderRecordCard(recordView(app.svc.roster, record, await app.svc.records.routing(a.caseId, record.id), locale)));
      });
      return io.answerMessage(t(locale, "office.routing"));
    },
  },
  correctRecord: {
    allow: coordinatorOnly,
    async handle(e, a) {
      const r = await correctRecord(e.app.svc, { caseId: a.caseId, recordId: a.recordId, changes: {}, reason: a.correctionReason, actor: e.actor, op: e.io.turn.op });
      if (!r.ok) return e.io.answerMessage(reasonText(e.io.turn.locale, r.reason));
      return e.io.answerCard(renderRecordCard(recordView(e.app.svc.roster, r.value, undefined, e.io.turn.locale)));
    },
  },
  acknowledge: {
    async handle(e, a) {
      const { io, app } = e;
      const r = await acknowledge(app.svc, { caseId: a.caseId, recordId: a.recordId, actor: e.actor, op: io.turn.op });
      if (!r.ok) return io.answerMessage(reasonText(io.turn.locale, r.reason));
      const record = (await app.svc.records.get(a.caseId, a.recordId))!;
      return io.answerCard(renderRoutedDecision({ locale: io.turn.locale, record, acknowledged: { at: r.value.acknowledgedAt, byName: e.actor.person.name } }));
    },
  },
} satisfies VerbTable<CoordinatorVerb>;

/** A supplement keeps the original received date: the lead time counts from the first receipt. */
function withoutReceivedAt(input: unknown): unknown {
  if (typeof input !== "object" || input === null) return input;
  const { receivedAt: _r, ...rest } = input as Record<string, unknown>;
  return rest;
}
