/**
 * Issue 14: «mine saker» — an HF's own overview. An HF contact (or a
 * fagdirektør who is a member or substitute) gets their HF's cases with
 * status and dates: received, meeting, decided, routed, acknowledged. Prices
 * only as src/app/visibility.ts allows (a confidential one never).
 */
import type { Case } from "../domain/case.js";
import { fail, ok } from "../domain/result.js";
import type { Actor } from "./context.js";
import type { AppResult } from "./reason-codes.js";
import { latestPerCase } from "./coordinator/routing.js";
import type { AppServices } from "./services.js";
import { hfOverviewAccess } from "./visibility.js";
import { receivesDecisions } from "./waiting-cases.js";

export interface HfCaseItem {
  code: string;
  methodName: string;
  status: Case["status"];
  urgent: boolean;
  receivedAt: string;
  meetingDate?: string;
  decidedAt?: string;
  routedAt?: string;
  acknowledgedAt?: string;
  /** Only a price that is not confidential (visibility). */
  price?: number;
}

export interface HfCases {
  hfId: string;
  items: HfCaseItem[];
}

export async function hfCases(svc: AppServices, input: { actor: Actor }): Promise<AppResult<HfCases>> {
  const person = input.actor.person;
  if (person.role === "coordinator") return fail("hfCases.coordinator");
  if (!receivesDecisions(person) || !person.hfId) return fail("hfCases.notHf");
  const hfId = person.hfId;
  const access = hfOverviewAccess(person);
  const [cases, meetings, routings] = await Promise.all([svc.cases.all(), svc.meetings.all(), svc.records.routings()]);
  const routingOf = new Map(latestPerCase(routings).map((r) => [r.caseId, r]));
  const dateOf = new Map(meetings.map((m) => [m.id, m.date]));
  const items = cases
    .filter((c) => c.applyingHfId === hfId)
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
    .map((c): HfCaseItem => {
      const r = routingOf.get(c.id);
      const meetingDate = c.meetingId ? dateOf.get(c.meetingId) : undefined;
      const price = c.cost?.price !== undefined && (!c.cost.confidential || access.confidentialPrice) ? c.cost.price : undefined;
      return {
        code: c.code,
        methodName: c.method.name,
        status: c.status,
        urgent: c.urgent,
        receivedAt: c.receivedAt,
        ...(meetingDate ? { meetingDate } : {}),
        ...(c.decidedAt ? { decidedAt: c.decidedAt } : {}),
        ...(r?.sentAt && (r.state === "sent" || r.state === "acknowledged") ? { routedAt: r.sentAt } : {}),
        ...(r?.acknowledgedAt ? { acknowledgedAt: r.acknowledgedAt } : {}),
        ...(price !== undefined ? { price } : {}),
      };
    });
  return ok({ hfId, items });
}
