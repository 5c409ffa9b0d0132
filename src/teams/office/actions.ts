/**
 * Action.Execute handlers of the coordinator's workflow (intake, completeness,
 * decision record, routing) and the fagdirektør's acknowledgement. Every rule
 * is the use case's; here: translate the submit, call, answer with a card.
 */
import { ActivityTypes, CardFactory, MessageFactory, TurnContext, type Activity, type ConversationReference } from "botbuilder";
import { randomUUID } from "node:crypto";
import type { CardAction } from "../../cards/actions.js";
import { intakeFieldForIssue, intakeInputFromForm, renderIntakeForm } from "../../cards/intake.js";
import { renderChecklist } from "../../cards/checklist.js";
import { renderRecordCard } from "../../cards/record.js";
import { renderRoutedDecision } from "../../cards/decision.js";
import { registerCase, type InputProblem, type OfficeServices } from "../../app/intake.js";
import { markReady, returnToHf, resubmit, startCheck } from "../../app/completeness-service.js";
import { planCase } from "../../app/agenda-service.js";
import { confirmRecord, correctRecord, editDraft, getRecord, latestRecord } from "../../app/record-service.js";
import { acknowledge, getRouting, routeRecord } from "../../app/routing-service.js";
import { getCase } from "../../app/case-store.js";
import type { Case } from "../../domain/case.js";
import { GROUNDS } from "../../domain/case.js";
import type { Result } from "../../domain/result.js";
import { hasMessage, t, type Locale } from "../../i18n/index.js";
import type { TurnEnv } from "../bot.js";
import { respondWithCard, respondWithMessage } from "../invoke-response.js";
import { reasonText } from "../views.js";
import { checklistView, recordView } from "./views.js";
import { offerFile } from "./files.js";

export type OfficeAction = Extract<
  CardAction,
  { verb: "registerCase" | "openCase" | "markReady" | "returnToHf" | "saveRecord" | "confirmRecord" | "routeRecord" | "correctRecord" | "acknowledge" }
>;

export const OFFICE_VERBS: ReadonlySet<string> = new Set([
  "registerCase",
  "openCase",
  "markReady",
  "returnToHf",
  "saveRecord",
  "confirmRecord",
  "routeRecord",
  "correctRecord",
  "acknowledge",
]);

export const isOfficeAction = (a: CardAction): a is OfficeAction => OFFICE_VERBS.has(a.verb);

export function officeServices(e: TurnEnv): OfficeServices {
  const svc = e.bot.deps.office;
  if (!svc) throw new Error("office services are not configured");
  return svc;
}

export const hfChoices = (e: TurnEnv) =>
  e.bot.deps.roster.hfs.map((h) => ({ id: h.id, name: h.name, region: e.bot.deps.roster.regions.find((r) => r.id === h.region)?.name ?? h.region }));

function problemText(locale: Locale, p: InputProblem): string {
  return hasMessage(p.code) ? t(locale, p.code, p.params) : p.message;
}

/** The card that shows a case to the coordinator, by where it is in its lifecycle. */
export async function caseCardForCoordinator(e: TurnEnv, c: Case): Promise<object> {
  const { bot, turn } = e;
  const record = await latestRecord(bot.deps.store, c.id);
  if (record) {
    const routing = await getRouting(bot.deps.store, c.id, record.id);
    return renderRecordCard(recordView(bot.deps.roster, record, routing, turn.locale));
  }
  return renderChecklist(checklistView(bot.deps.roster, c, turn.locale));
}

function recordChanges(a: Extract<OfficeAction, { verb: "saveRecord" | "confirmRecord" }>, record: { grounds: readonly { ground: string }[] }) {
  const assessments = GROUNDS.filter((g) => record.grounds.some((x) => x.ground === g)).map((g) => ({
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

export async function handleOfficeAction(e: TurnEnv, a: OfficeAction): Promise<void> {
  const { context, turn, bot } = e;
  const actor = turn.actor!;
  const svc = officeServices(e);
  const say = (text: string) => respondWithMessage(context, text);
  const refused = (r: Result<unknown>) => (!r.ok ? say(reasonText(turn.locale, r.reason)) : undefined);
  // Everything here but the fagdirektør's "Mottatt" is the coordinator's, and shows case data: refuse before reading any.
  if (a.verb !== "acknowledge" && actor.person.role !== "coordinator") return say(t(turn.locale, "error.notCoordinator"));

  switch (a.verb) {
    case "registerCase": {
      const { verb: _v, caseId, formId, ...form } = a;
      const input = intakeInputFromForm(form, { receivedAt: turn.op.at });
      // The form's own id, not the click's, identifies the registration: a double click registers one case.
      const op = formId ? { id: `intake-form:${formId}`, at: turn.op.at } : turn.op;
      const r = caseId
        ? await resubmit(svc, { caseId, patch: withoutReceivedAt(input), actor, op })
        : await registerCase(svc, { input, actor, op });
      if (!r.ok) {
        if (r.reason.code === "error.notCoordinator") return say(reasonText(turn.locale, r.reason));
        const errors = (r.problems ?? []).map((p) => ({ field: intakeFieldForIssue(p.path.split("."), input), message: problemText(turn.locale, p) }));
        if (errors.length === 0) errors.push({ field: "form", message: reasonText(turn.locale, r.reason) });
        return respondWithCard(context, renderIntakeForm({ locale: turn.locale, hfs: hfChoices(e), values: form, errors, ...(caseId ? { caseId } : {}), ...(formId ? { formId } : {}) }));
      }
      const registered = r.value.case;
      const started = registered.status === "received" ? await startCheck(svc, { caseId: registered.id, actor, op: turn.op }) : undefined;
      const current = (await getCase(bot.deps.store, registered.id)) ?? registered;
      void started;
      return respondWithCard(context, renderChecklist(checklistView(bot.deps.roster, current, turn.locale)));
    }
    case "openCase": {
      const c = await getCase(bot.deps.store, a.caseId);
      if (!c) return say(t(turn.locale, "error.caseNotFound", { caseId: a.caseId }));
      if (c.status === "received" && actor.person.role === "coordinator") await startCheck(svc, { caseId: c.id, actor, op: turn.op });
      const fresh = (await getCase(bot.deps.store, a.caseId)) ?? c;
      return respondWithCard(context, await caseCardForCoordinator(e, fresh));
    }
    case "markReady": {
      const r = await markReady(svc, { caseId: a.caseId, actor, op: turn.op });
      if (!r.ok) return refused(r);
      // A ready case goes on the next meeting whose submission cut-off it meets.
      const planned = await planCase(svc, { caseId: a.caseId, actor, op: turn.op });
      if (planned.ok) await context.sendActivity(t(turn.locale, "office.casePlanned", { code: planned.value.case.code, meetingId: planned.value.meeting.id }));
      else await context.sendActivity(reasonText(turn.locale, planned.reason));
      const c = (await getCase(bot.deps.store, a.caseId))!;
      return respondWithCard(context, renderChecklist(checklistView(bot.deps.roster, c, turn.locale)));
    }
    case "returnToHf": {
      const r = await returnToHf(svc, { caseId: a.caseId, actor, op: turn.op });
      if (!r.ok) return refused(r);
      const c = (await getCase(bot.deps.store, a.caseId))!;
      const delivery = r.value.notification.delivery;
      if (!delivery.ok) await context.sendActivity(t(turn.locale, "office.notDelivered", { reason: t(turn.locale, `delivery.${delivery.reason}`) }));
      return respondWithCard(context, renderChecklist(checklistView(bot.deps.roster, c, turn.locale)));
    }
    case "saveRecord":
    case "confirmRecord": {
      const record = await getRecord(bot.deps.store, a.caseId, a.recordId);
      if (!record) return say(t(turn.locale, "record.notFound", { id: a.recordId }));
      const edited = await editDraft(svc, { caseId: a.caseId, recordId: a.recordId, changes: recordChanges(a, record), actor, op: turn.op });
      let problems: string[] = edited.ok ? [] : (edited.problems ?? []).map((p) => problemText(turn.locale, p));
      if (!edited.ok && problems.length === 0) problems = [reasonText(turn.locale, edited.reason)];
      let shown = edited.ok ? edited.value : record;
      if (edited.ok && a.verb === "confirmRecord") {
        const confirmed = await confirmRecord(svc, { caseId: a.caseId, recordId: a.recordId, actor, op: turn.op });
        if (confirmed.ok) shown = confirmed.value;
        else problems = [reasonText(turn.locale, confirmed.reason)];
      }
      const routing = await getRouting(bot.deps.store, a.caseId, shown.id);
      return respondWithCard(context, renderRecordCard(recordView(bot.deps.roster, shown, routing, turn.locale, problems)));
    }
    case "routeRecord": {
      // Teams may throttle or fail the send to the HF, and its retries can outlast the turn: answer now, report later.
      const ref = TurnContext.getConversationReference(context.activity) as Partial<ConversationReference>;
      const later = (activity: Partial<Activity>) => bot.proactive.send(ref, activity);
      const locale = turn.locale;
      bot.tasks.run("routeRecord", async () => {
        const r = await routeRecord(svc, { caseId: a.caseId, actor, op: turn.op });
        if (!r.ok) {
          await later({ type: ActivityTypes.Message, text: reasonText(locale, r.reason) });
          return;
        }
        if (r.value.state === "failed") {
          // Teams can't reach the HF: the coordinator gets the PDF at once, to send another way.
          await later({ type: ActivityTypes.Message, text: t(locale, "office.routingFailed", { recordId: r.value.recordId }) });
          await offerFile(e, { kind: "recordPdf", caseId: a.caseId, recordId: r.value.recordId }, later);
        }
        const record = await getRecord(bot.deps.store, a.caseId, r.value.recordId);
        if (!record) return;
        const routing = await getRouting(bot.deps.store, a.caseId, record.id);
        await later(MessageFactory.attachment(CardFactory.adaptiveCard(renderRecordCard(recordView(bot.deps.roster, record, routing, locale)))));
      });
      return say(t(turn.locale, "office.routing"));
    }
    case "correctRecord": {
      const r = await correctRecord(svc, { caseId: a.caseId, recordId: a.recordId, changes: {}, reason: a.correctionReason, actor, op: turn.op });
      if (!r.ok) return refused(r);
      return respondWithCard(context, renderRecordCard(recordView(bot.deps.roster, r.value, undefined, turn.locale)));
    }
    case "acknowledge": {
      const r = await acknowledge(svc, { caseId: a.caseId, recordId: a.recordId, actor, op: turn.op });
      if (!r.ok) return refused(r);
      const record = (await getRecord(bot.deps.store, a.caseId, a.recordId))!;
      return respondWithCard(context, renderRoutedDecision({ locale: turn.locale, record, acknowledged: { at: r.value.acknowledgedAt, byName: actor.person.name } }));
    }
  }
}

/** A supplement keeps the original received date: the lead time counts from the first receipt. */
function withoutReceivedAt(input: unknown): unknown {
  if (typeof input !== "object" || input === null) return input;
  const { receivedAt: _r, ...rest } = input as Record<string, unknown>;
  return rest;
}

export async function intakeFormCard(e: TurnEnv, caseId?: string): Promise<object> {
  return renderIntakeForm({ locale: e.turn.locale, hfs: hfChoices(e), formId: randomUUID(), ...(caseId ? { caseId } : {}) });
}
