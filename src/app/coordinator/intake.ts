/**
 * Registering an application (mottak av søknad, 000 §4.1 step 3): validate the
 * whole input (every problem at once, nothing stored when there is one), give
 * it the next case code of the year, store it as "received", audit, and tell
 * the applying HF's fagdirektør it has arrived.
 */
import type { AppResult } from "../reason-codes.js";
import { EXTRA_MEETING_PAPERS_WORKING_DAYS, extraMeetingProposal, inOslo } from "../../domain/calendar.js";
import type { Case } from "../../domain/case.js";
import { CaseInputSchema, caseFromInput, type CaseInput } from "../../domain/case-schema.js";
import { formatCaseCode, nextCaseCode, parseCaseCode } from "../../domain/case-code.js";
import { fail, ok, type Result } from "../../domain/result.js";
import { audit } from "../audit.js";
import { isCoordinator, type Actor, type Op } from "../context.js";
import { NOBODY, type Delivery, type RecipientDelivery } from "../delivery.js";
import { sendOrKeep, tellCoordinators, tellHf } from "../kept-notices.js";
import { invalidInput, problemsFrom } from "../input.js";
import type { AppServices } from "../services.js";
import { startCheck } from "./completeness.js";

export interface Registered {
  case: Case;
  /** True when this operation had already registered the case (a retried request): nothing new was written or sent. */
  duplicate: boolean;
  /** The receipt to the applying HF's fagdirektør; a failure here does not undo the registration. */
  notification?: RecipientDelivery | { personId?: undefined; delivery: Delivery };
}

/** Attempts at a fresh code when another registration took ours at the same moment. */
const MAX_CODE_ATTEMPTS = 20;

/**
 * Registers an application. `actor` is the coordinator registering it by hand,
 * or "portal" for the authenticated intake endpoint. Invalid input returns
 * `input.invalid` with every problem and stores nothing.
 */
export async function registerCase(svc: AppServices, input: { input: unknown; actor?: Actor | "portal"; op: Op }): Promise<AppResult<Registered>> {
  const { actor, op } = input;
  if (actor !== "portal" && !isCoordinator(actor)) return fail("error.notCoordinator");
  const parsed = CaseInputSchema.safeParse(input.input);
  if (!parsed.success) return invalidInput(problemsFrom(parsed.error, [], input.input));

  const already = await svc.cases.byIntakeOperation(op.id);
  if (already) return ok({ case: already, duplicate: true });
  // Two submits of one form at the same instant (a double click): one registers, the other finds it.
  const claim = `intake:${op.id}`;
  if (!(await svc.activities.claim(claim, op.at))) {
    const registered = await svc.cases.byIntakeOperation(op.id);
    return registered ? ok({ case: registered, duplicate: true }) : fail("intake.inProgress");
  }
  try {
    const r = await registerClaimed(svc, parsed.data, actor, op);
    await svc.activities.release(claim, op.at, r.ok ? "done" : "failed");
    return r;
  } catch (err) {
    await svc.activities.release(claim, op.at, "failed").catch(() => undefined);
    throw err;
  }
}

async function registerClaimed(svc: AppServices, data: CaseInput, actor: Actor | "portal", op: Op): Promise<AppResult<Registered>> {
  const year = inOslo(op.at).year;
  const given = data.code;
  let code = given ?? nextCaseCode(year, await svc.cases.codes());
  let stored: Case | undefined;
  for (let attempt = 1; attempt <= MAX_CODE_ATTEMPTS && !stored; attempt++) {
    const theCase = caseFromInput(data, code);
    if (await svc.cases.add(theCase, op.id)) {
      stored = theCase;
      break;
    }
    // A code given with the input (e.g. a paper application already numbered) is never swapped for another.
    if (given) return fail("intake.caseCodeTaken", { code: given });
    const seq = parseCaseCode(code);
    const fresh = nextCaseCode(year, await svc.cases.codes());
    code = seq.ok ? higher(fresh, formatCaseCode(year, seq.value.seq + 1)) : fresh;
  }
  if (!stored) return fail("intake.noFreeCaseCode");
  await audit(svc.audit, { op, doer: actor, action: "case.registered", caseId: stored.id, after: "received" });
  const theCase = stored;
  // Issue 14: the HF's decision recipients (the fagdirektør first, then deputies); `notification` is the fagdirektør's.
  const notifications = await tellHf(svc, stored.applyingHfId, { kind: "caseReceived", caseId: theCase.id }, op.at, (to) =>
    svc.notifier.caseReceived(to, theCase),
  );
  const notification = notifications[0] ?? NOBODY;
  if (theCase.urgent) await alertUrgent(svc, theCase, op);
  return ok({ case: stored, duplicate: false, notification });
}

/**
 * Issue 13: an urgent application (hastesak) alerts the coordinator(s) and
 * the chair at once, with the earliest extra meeting, its deadlines (the
 * configured short notice for papers) and a target date. Kept for whoever
 * Teams cannot reach now.
 */
async function alertUrgent(svc: AppServices, theCase: Case, op: Op): Promise<void> {
  const proposal = extraMeetingProposal(theCase.receivedAt, svc.settings.extraMeetingPapersWorkingDays ?? EXTRA_MEETING_PAPERS_WORKING_DAYS);
  const alert = { kind: "urgentCase" as const, caseId: theCase.id, receivedAt: theCase.receivedAt, proposal };
  const notice = { kind: "alert" as const, alert };
  await tellCoordinators(svc, notice, op.at, (to) => svc.notifier.alertCoordinator(to, alert));
  for (const chair of svc.roster.people.filter((p) => p.role === "chair")) {
    await sendOrKeep(svc, { to: chair.id, notice, at: op.at, send: () => svc.notifier.alertCoordinator(chair.id, alert) });
  }
  await audit(svc.audit, { op, doer: "system", action: "case.urgentAlerted", caseId: theCase.id, after: proposal.meetingDate });
}

function higher(a: string, b: string): string {
  const pa = parseCaseCode(a);
  const pb = parseCaseCode(b);
  return pa.ok && pb.ok && pb.value.seq > pa.value.seq ? b : a;
}

/** The coordinator registers an application by hand and opens it for the completeness check: one intention. */
export async function registerAndOpen(svc: AppServices, input: { input: unknown; actor: Actor; op: Op; checkOp: Op }): Promise<AppResult<{ case: Case }>> {
  const r = await registerCase(svc, input);
  if (!r.ok) return r;
  if (r.value.case.status !== "received") return ok({ case: r.value.case });
  const started = await startCheck(svc, { caseId: r.value.case.id, actor: input.actor, op: input.checkOp });
  return ok({ case: started.ok ? started.value.case : ((await svc.cases.byCode(r.value.case.id)) ?? r.value.case) });
}
