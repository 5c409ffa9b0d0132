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
import { approveRecord, commentOnRecord, requestRecordChange } from "../../app/coordinator/sign-off.js";
import type { CardPlace } from "../../app/coordinator/routing-state.js";
import type { AppServices } from "../../app/services.js";
import { renderChecklist } from "../../cards/checklist.js";
import { renderRoutedDecision } from "../../cards/decision.js";
import { intakeFieldForIssue, intakeInputFromForm, renderIntakeForm } from "../../cards/intake.js";
import { renderRecordCard } from "../../cards/record.js";
import { criteriaOf, PRIORITY_CRITERIA, type DecisionRecord } from "../../domain/decision-record.js";
import type { Case } from "../../domain/case.js";
import { GROUNDS } from "../../domain/case.js";
import type { Problem } from "../../domain/result.js";
import type { Person } from "../../domain/roster.js";
import { nameOf, personById } from "../../app/people.js";
import { hasMessage, t, type Locale } from "../../i18n/index.js";
import type { ActionOf, VerbEnv, VerbTable } from "../card-verbs.js";
import { reasonText } from "../replies.js";
import { storeDocuments } from "./documents.js";
import { offerFile } from "./files.js";
import { checklistView, recordView } from "./views.js";
import { telemetry } from "../../telemetry.js";
import { FOLLOW_UP_VERBS } from "./follow-up.js";
import { MINUTES_VERBS, type MinutesVerb } from "./minutes.js";

export type CoordinatorVerb =
  | "registerCase"
  | "openCase"
  | "markReady"
  | "returnToHf"
  | "saveRecord"
  | "confirmRecord"
  | "routeRecord"
  | "offerPdf"
  | "correctRecord"
  | "acknowledge"
  | "approveRecord"
  | "requestRecordChange"
  | "commentRecord"
  | "storeDocuments"
  // Issue 15 (wip/follow)
  | "answerFollowUp"
  | "openProposal"
  | "saveProposal"
  // Issue 14: the minutes (src/teams/coordinator/minutes.ts)
  | MinutesVerb;

/** Everything here but the fagdirektør's "Mottatt" is the coordinator's, and shows case data: refuse before reading any. */
const coordinatorOnly = { who: (p: Person) => p.role === "coordinator", refusal: "error.notCoordinator" } as const;
/** Issue 14: the sign-off is the chair's. */
const chairOnly = { who: (p: Person) => p.role === "chair", refusal: "error.notChair" } as const;

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
function recordChanges(a: ActionOf<"saveRecord" | "confirmRecord">, record: DecisionRecord) {
  const grounds = record.grounds;
  const current = criteriaOf(record);
  const assessments = GROUNDS.filter((g) => grounds.some((x) => x.ground === g)).map((g) => ({
    ground: g,
    finding: a[`finding_${g}`] ?? "notAssessed",
    comment: a[`comment_${g}`] ?? "",
  }));
  return {
    ...(a.reasoning !== undefined ? { reasoning: a.reasoning } : {}),
    ...(a.conditions !== undefined
      ? {
          conditions: a.conditions
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter(Boolean),
        }
      : {}),
    ...(a.groupLevelProposal !== undefined ? { groupLevelProposal: a.groupLevelProposal === "true" } : {}),
    // Issue 15: the follow-up plan, when the card carried it (a grant's draft).
    ...(a.followUpReviewDate !== undefined || a.followUpHf !== undefined
      ? {
          followUp: {
            startCriteria: a.followUpStart ?? "",
            stopCriteria: a.followUpStop ?? "",
            reporting: a.followUpReporting ?? "",
            reviewDate: a.followUpReviewDate ?? "",
            responsibleHfId: a.followUpHf ?? "",
          },
        }
      : {}),
    assessments,
    // A criterion the card sent (its finding or its comment), the rest as the draft has it.
    criteria: Object.fromEntries(
      PRIORITY_CRITERIA.filter((c) => a[`criterion_${c}`] !== undefined || a[`criterionComment_${c}`] !== undefined).map((c) => [
        c,
        { finding: a[`criterion_${c}`] ?? current[c].finding, comment: a[`criterionComment_${c}`] ?? current[c].comment },
      ]),
    ),
  };
}

async function saveOrConfirm(e: VerbEnv, a: ActionOf<"saveRecord" | "confirmRecord">): Promise<void> {
  const { io, app } = e;
  const { locale } = io.turn;
  const record = await app.svc.records.get(a.caseId, a.recordId);
  if (!record) return io.answerMessage(t(locale, "record.notFound", { id: a.recordId }));
  const r = await saveRecord(app.svc, {
    caseId: a.caseId,
    recordId: a.recordId,
    changes: recordChanges(a, record),
    confirm: a.verb === "confirmRecord",
    actor: e.actor,
    op: io.turn.op,
  });
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
        return io.answerCard(
          renderIntakeForm({
            locale: io.turn.locale,
            hfs: hfChoices(app.svc),
            values: form,
            errors,
            ...(caseId ? { caseId } : {}),
            ...(formId ? { formId } : {}),
          }),
        );
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
      await io.say(
        planned.ok
          ? t(io.turn.locale, "coordinator.casePlanned", { code: planned.value.case.code, meetingId: planned.value.meeting.id })
          : reasonText(io.turn.locale, planned.reason),
      );
      return io.answerCard(renderChecklist(checklistView(app.svc.roster, r.value.case, io.turn.locale)));
    },
  },
  returnToHf: {
    allow: coordinatorOnly,
    async handle(e, a) {
      const { io, app } = e;
      const r = await returnToHf(app.svc, { caseId: a.caseId, actor: e.actor, op: io.turn.op, ...(a.returnReason ? { reason: a.returnReason } : {}) });
      if (!r.ok) return io.answerMessage(reasonText(io.turn.locale, r.reason));
      const delivery = r.value.notification.delivery;
      if (!delivery.ok) await io.say(t(io.turn.locale, "coordinator.notDelivered", { reason: t(io.turn.locale, `delivery.${delivery.reason}`) }));
      return io.answerCard(renderChecklist(checklistView(app.svc.roster, r.value.case, io.turn.locale)));
    },
  },
  saveRecord: { allow: coordinatorOnly, handle: saveOrConfirm },
  confirmRecord: { allow: coordinatorOnly, handle: saveOrConfirm },
  routeRecord: { allow: coordinatorOnly, handle: route },
  offerPdf: {
    allow: coordinatorOnly,
    async handle(e, a) {
      const { io, app } = e;
      const { locale, op } = io.turn;
      await offerFile(
        app,
        { locale, at: op.at },
        { kind: "recordPdf", caseId: a.caseId, recordId: a.recordId },
        (att) => io.sendAttachment(att),
        (text) => io.say(text),
      );
      return io.answerMessage(t(locale, "files.offered"));
    },
  },
  correctRecord: {
    allow: coordinatorOnly,
    async handle(e, a) {
      const r = await correctRecord(e.app.svc, {
        caseId: a.caseId,
        recordId: a.recordId,
        changes: {},
        reason: a.correctionReason,
        actor: e.actor,
        op: e.io.turn.op,
      });
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
      // The coordinator's record card the send was asked from now shows «Mottatt» too (the use case told them).
      const card = r.value.card;
      if (card && !r.value.duplicate) scheduleRecordCardUpdate(e, card, a.caseId, a.recordId);
      // Issue 14: the HF's other decision recipients' cards now say who acknowledged, without the button.
      for (const other of r.value.others ?? [])
        scheduleDecisionCardUpdate(e, other, record, { at: r.value.acknowledgedAt, byName: nameOf(app.svc.roster, r.value.acknowledgedBy) });
      // Who acknowledged first (issue 14: any of the HF's recipients), not necessarily the one who pressed now.
      return io.answerCard(
        renderRoutedDecision({
          locale: io.turn.locale,
          record,
          acknowledged: { at: r.value.acknowledgedAt, byName: nameOf(app.svc.roster, r.value.acknowledgedBy) },
        }),
      );
    },
  },
  // Files sent in the 1:1 chat: the picked case and the titles; the documents are stored (src/teams/coordinator/documents.ts).
  storeDocuments: { allow: coordinatorOnly, handle: storeDocuments },
  // Issue 15 (wip/follow): the HF's follow-up card, the group-level proposal card (src/teams/coordinator/follow-up.ts).
  ...FOLLOW_UP_VERBS,
  // Issue 14: the minutes (src/teams/coordinator/minutes.ts).
  ...MINUTES_VERBS,
  // Issue 14, sign-off: the chair approves a confirmed record, or asks for a change (the record goes back to the coordinator).
  approveRecord: {
    allow: chairOnly,
    async handle(e, a) {
      const r = await approveRecord(e.app.svc, { caseId: a.caseId, recordId: a.recordId, actor: e.actor, op: e.io.turn.op });
      if (!r.ok) return e.io.answerMessage(reasonText(e.io.turn.locale, r.reason));
      return e.io.answerCard(renderRecordCard({ ...recordView(e.app.svc.roster, r.value.record, undefined, e.io.turn.locale), forChair: true }));
    },
  },
  // Issue 14, the members' comment window: a member who took part comments once (the use case checks who and when).
  commentRecord: {
    async handle(e, a) {
      const r = await commentOnRecord(e.app.svc, { caseId: a.caseId, recordId: a.recordId, comment: a.memberComment ?? "", actor: e.actor, op: e.io.turn.op });
      if (!r.ok) return e.io.answerMessage(reasonText(e.io.turn.locale, r.reason));
      return e.io.answerMessage(t(e.io.turn.locale, "memberComment.sent"));
    },
  },
  requestRecordChange: {
    allow: chairOnly,
    async handle(e, a) {
      const r = await requestRecordChange(e.app.svc, { caseId: a.caseId, recordId: a.recordId, comment: a.changeComment, actor: e.actor, op: e.io.turn.op });
      if (!r.ok) return e.io.answerMessage(reasonText(e.io.turn.locale, r.reason));
      return e.io.answerMessage(t(e.io.turn.locale, "signOff.changeRequestedSent", { code: r.value.record.caseCode }));
    },
  },
} satisfies VerbTable<CoordinatorVerb>;

/**
 * «Send til HF»: the send runs after the answer (Teams may throttle or fail
 * it, and its retries can outlast the turn). Clicked on a record card, the
 * answer is that card in its "sending" state, without the button, and the
 * same card is updated in place when the send is done (the invoke's
 * replyToId is its activity id; the routing remembers it, so the HF's
 * «Mottatt» shows on it too). A double click or a redelivered invoke posts
 * nothing new: the send is claimed once (the use case), and the card shows
 * where the record is.
 */
async function route(e: VerbEnv, a: ActionOf<"routeRecord">): Promise<void> {
  const { io, app } = e;
  const { locale, op } = io.turn;
  const { svc } = app;
  const record = await svc.records.get(a.caseId, a.recordId);
  if (!record) return io.answerMessage(t(locale, "record.notFound", { id: a.recordId }));
  if (record.status !== "confirmed") return io.answerMessage(t(locale, "record.notConfirmedForRouting", { id: record.id }));
  if (!record.approvedAt) return io.answerMessage(t(locale, "record.notApproved", { id: record.id })); // issue 14
  const ref = io.reference();
  const fromRecordCard = (a.from ?? "record") === "record" && io.replyToId !== undefined;
  const card: CardPlace | undefined = fromRecordCard ? { ref, activityId: io.replyToId! } : undefined;
  const before = await svc.records.routing(a.caseId, a.recordId);
  const underWay = before !== undefined && before.state !== "failed";
  const actor = e.actor;
  app.tasks.run("routeRecord", async () => {
    const r = await routeRecord(svc, { caseId: a.caseId, actor, op, ...(card ? { card } : {}) });
    if (!r.ok) {
      // Another click's send is under way: that one reports. Anything else is said, and the card shows where the record is.
      if (r.reason.code === "routing.inProgress") return;
      await app.sender.say(ref, reasonText(locale, r.reason));
      if (card) scheduleRecordCardUpdate(e, card, a.caseId, a.recordId);
      return;
    }
    if (r.value.state !== "failed" && r.value.duplicate) return; // already sent: nothing new to show or say
    const place = card ?? (await svc.records.routing(a.caseId, r.value.recordId))?.card;
    if (place) scheduleRecordCardUpdate(e, place, a.caseId, r.value.recordId);
    if (r.value.state === "failed") {
      telemetry.routingFailure(r.value.reason);
      // Teams can't reach the HF: the coordinator gets the PDF at once, to send another way.
      await app.sender.say(ref, t(locale, "coordinator.routingFailed", { recordId: r.value.recordId }));
      await offerFile(
        app,
        { locale, at: op.at },
        { kind: "recordPdf", caseId: a.caseId, recordId: r.value.recordId },
        (att) => app.sender.sendAttachment(ref, att).then(() => undefined),
        (text) => app.sender.say(ref, text),
      );
    } else if (!card) {
      await app.sender.say(ref, t(locale, "coordinator.routed", { recordId: r.value.recordId, name: nameOf(svc.roster, r.value.recipientId) }));
    }
  });
  if (!fromRecordCard) {
    if (before?.state === "sent" || before?.state === "acknowledged")
      return io.answerMessage(t(locale, "coordinator.routed", { recordId: a.recordId, name: nameOf(svc.roster, before.recipientId) }));
    return io.answerMessage(t(locale, underWay ? "routing.inProgress" : "coordinator.routing", { id: a.recordId }));
  }
  // The card the click came from, at once without its button: "sending" (or where the record already is).
  const shown = underWay ? before : { caseId: a.caseId, recordId: a.recordId, state: "sending" as const, attempts: [] };
  return io.answerCard(renderRecordCard(recordView(svc.roster, record, shown, locale)));
}

/**
 * Updates a record card in place (proactively) to the record's state when the
 * update runs. Through the card updater: it runs a moment later (its window),
 * so it never reaches Teams before the invoke's own answer (which would then
 * put the "sending" state back), and updates close together become one.
 */
function scheduleRecordCardUpdate(e: VerbEnv, card: CardPlace, caseId: string, recordId: string): void {
  const { app } = e;
  const conversation = String((card.ref as { conversation?: { id?: unknown } }).conversation?.id ?? "");
  app.cards.schedule(`record|${conversation}|${card.activityId}`, async () => {
    const record = await app.svc.records.get(caseId, recordId);
    if (!record) return;
    const rendered = renderRecordCard(recordView(app.svc.roster, record, await app.svc.records.routing(caseId, recordId), await cardLocale(e, card)));
    const r = await app.sender.updateCard(card.ref, card.activityId, rendered);
    if (!r.ok) app.log.warn({ caseId, recordId, status: r.status }, "record card not updated");
  });
}

/** Issue 14: another decision recipient's copy of the routed decision, updated in place to show who acknowledged it. */
function scheduleDecisionCardUpdate(
  e: VerbEnv,
  to: { personId: string; activityId: string },
  record: DecisionRecord,
  acknowledged: { at: string; byName: string },
): void {
  const { app } = e;
  app.cards.schedule(`decision|${to.personId}|${to.activityId}`, async () => {
    const person = personById(app.svc.roster, to.personId);
    const user = person?.aadObjectId ? await app.svc.directory.user(person.aadObjectId) : undefined;
    if (!user?.personalRef) return;
    const locale: Locale = user.locale === "en" || person?.locale === "en" ? "en" : "nb";
    const r = await app.sender.updateCard(user.personalRef, to.activityId, renderRoutedDecision({ locale, record, acknowledged }));
    if (!r.ok) app.log.warn({ caseId: record.caseId, recordId: record.id, status: r.status }, "decision card not updated");
  });
}

/** The language of the person whose card it is: the clicking coordinator's now, else the stored one of the chat's user. */
async function cardLocale(e: VerbEnv, card: CardPlace): Promise<Locale> {
  if (e.io.turn.actor?.person.role === "coordinator") return e.io.turn.locale;
  const userId = (card.ref as { user?: { aadObjectId?: unknown } }).user?.aadObjectId;
  const user = typeof userId === "string" ? await e.app.svc.directory.user(userId) : undefined;
  return user?.locale === "en" ? "en" : "nb";
}

/** A supplement keeps the original received date: the lead time counts from the first receipt. */
function withoutReceivedAt(input: unknown): unknown {
  if (typeof input !== "object" || input === null) return input;
  const { receivedAt: _r, ...rest } = input as Record<string, unknown>;
  return rest;
}
