/** Test helpers for the coordinator's use cases: a recording Notifier and roster actors. */
import type { Actor } from "../../src/app/context.js";
import type { CoordinatorAlert, Delivery, Notifier } from "../../src/app/notifier.js";
import type { DocumentContentStore } from "../../src/app/ports.js";
import type { AppServices } from "../../src/app/services.js";
import type { DocumentStore } from "../../src/store/document-store.js";
import { repositories } from "../../src/store/repositories/index.js";
import type { Roster } from "../../src/domain/roster.js";
import { demoRoster } from "../domain/fixtures.js";

export interface Sent {
  kind: keyof Notifier;
  to: string;
  payload: unknown;
}

/** Records every message; `failFor` makes deliveries to a person fail with the given reason. */
export class RecordingNotifier implements Notifier {
  sent: Sent[] = [];
  failFor = new Map<string, Exclude<Delivery, { ok: true }>["reason"]>();
  private n = 0;

  private deliver(kind: keyof Notifier, to: string, payload: unknown): Promise<Delivery> {
    this.sent.push({ kind, to, payload });
    const reason = this.failFor.get(to);
    if (reason) return Promise.resolve(reason === "blocked" ? { ok: false, reason, status: 403 } : { ok: false, reason });
    return Promise.resolve({ ok: true, activityId: `act-${++this.n}` });
  }
  caseReceived = (to: string, theCase: unknown) => this.deliver("caseReceived", to, theCase);
  caseReturned = (to: string, theCase: unknown, missing: unknown) => this.deliver("caseReturned", to, { theCase, missing });
  minutes = (to: string, minutes: unknown, event: unknown) => this.deliver("minutes", to, { minutes, event });
  commentAsked = (to: string, record: unknown, until: unknown) => this.deliver("commentAsked", to, { record, until });
  papers = (to: string, meeting: unknown, items: unknown) => this.deliver("papers", to, { meeting, items });
  recordDrafted = (to: string, record: unknown) => this.deliver("recordDrafted", to, record);
  decisionRouted = (to: string, record: unknown) => this.deliver("decisionRouted", to, record);
  approvalAsked = (to: string, record: unknown) => this.deliver("approvalAsked", to, record);
  signedOff = (to: string, record: unknown, event: unknown) => this.deliver("signedOff", to, { record, event });
  alertCoordinator = (to: string, alert: CoordinatorAlert) => this.deliver("alertCoordinator", to, alert);
  substituteInvited = (to: string, meeting: unknown, invitation: unknown, items: unknown) =>
    this.deliver("substituteInvited", to, { meeting, invitation, items });
  forecast = (to: string, view: unknown, place?: { activityId: string }) => this.deliver("forecast", to, { view, place });
  meetingTimeWarning = (meeting: { id: string }, warning: unknown) => this.deliver("meetingTimeWarning", meeting.id, warning);
  chairTimeWarning = (to: string, warning: unknown) => this.deliver("chairTimeWarning", to, warning);
  followUp = (to: string, followUp: unknown, kind: unknown) => this.deliver("followUp", to, { followUp, kind });
  proposalReminder = (to: string, proposal: unknown) => this.deliver("proposalReminder", to, proposal);
  caseDeferred = (to: string, theCase: unknown, notice: unknown) => this.deliver("caseDeferred", to, { theCase, notice });

  of(kind: keyof Notifier): Sent[] {
    return this.sent.filter((s) => s.kind === kind);
  }
}

/** A content store for use cases that never touch documents: any use says so (pass makeTestContentStore() from test/support/blob.ts). */
const noContent: DocumentContentStore = new Proxy({} as DocumentContentStore, {
  get: (_target, name) => (name === "then" ? undefined : () => Promise.reject(new Error("this test has no documents' content store: pass one to services()"))),
});

/** The app's services on a test store, with a recording notifier and a clock fixed at `now` unless given. */
export function services(
  store: DocumentStore,
  roster: Roster = demoRoster(),
  now: () => Date = () => new Date(),
  documentContent: DocumentContentStore = noContent,
): AppServices & { notifier: RecordingNotifier } {
  return {
    ...repositories(store),
    roster,
    notifier: new RecordingNotifier(),
    documentContent,
    settings: { quorumMinimum: 4, ackFollowUpWorkingDays: 3, recuseCatchmentHf: true, documentMaxBytes: 25 * 1024 * 1024 },
    now,
  };
}

export function actor(roster: Roster, id: string): Actor {
  const person = roster.people.find((p) => p.id === id);
  if (!person) throw new Error(`no ${id} in roster`);
  return { person };
}

let seq = 0;
/** A fresh operation id at the given time. */
export const op = (at: string, id = `op-${++seq}-${Math.random().toString(36).slice(2, 8)}`) => ({ id, at });
