/**
 * The meetings container (pk = meeting id) holds, in one partition per
 * meeting, the meeting itself and one small document per fact: each
 * attendance mark, each position, each declared conflict, each conclusion,
 * the case as taken up, each posted card, papers deliveries and reminders.
 * Facts owned by one person are separate documents, so sixty members clicking
 * at once never contend for one document.
 *
 * Reads are shaped by what a use case needs: the whole partition for the
 * agenda and the papers; only the meeting and its attendance for check-in;
 * the attendance plus one case's facts for a position or a conclusion.
 */
import type { AttendanceReply } from "../../domain/forecast.js";
import type { AttendanceMark, Conclusion, DeclaredConflict, ExpertInvitation, Meeting, PositionMark } from "../../domain/meeting.js";
import {
  CARD_CLAIM_STALE_MS,
  type CaseFacts,
  type MeetingRepository,
  type MeetingState,
  type PapersDelivery,
  type PersonalCard,
  type PostedCard,
  type QuorumSaid,
  type Reminder,
  type SubstituteInvitation,
  type TakenUp,
  type TimeWarning,
} from "../../app/ports.js";
import { inOslo } from "../../domain/calendar.js";
import { withoutFields, type DocumentStore } from "../document-store.js";

type MeetingDoc = Meeting & { meetingId: string; type: "meeting"; createdByOp?: string };
type AttendanceDoc = AttendanceMark & { id: string; meetingId: string; type: "attendance" };
type PositionDoc = PositionMark & { id: string; meetingId: string; type: "position" };
type ConflictDoc = DeclaredConflict & { id: string; meetingId: string; type: "conflict" };
type ConclusionDoc = Conclusion & { id: string; type: "conclusion" };
type TakenUpDoc = TakenUp & { id: string; type: "takenUp" };
type CardDoc = PostedCard & { id: string; type: "card" };
type PapersDoc = PapersDelivery & { id: string; type: "papers" };
type ReminderDoc = Reminder & { id: string; type: "reminder" };
type ExpertDoc = ExpertInvitation & { id: string; meetingId: string; type: "expert" };
type CardClaimDoc = { id: string; meetingId: string; type: "cardClaim"; kind: PostedCard["kind"]; caseId?: string; by: string; at: string };
type QuorumSaidDoc = QuorumSaid & { id: string; type: "quorumSaid" };
type ReplyDoc = AttendanceReply & { id: string; meetingId: string; type: "reply" };
type InvitationDoc = SubstituteInvitation & { id: string; type: "subInvite" };
type PersonalCardDoc = PersonalCard & { id: string; type: "personalCard" };
type TimeWarningDoc = TimeWarning & { id: string; type: "timeWarning" };
type FactDoc =
  | ReplyDoc
  | InvitationDoc
  | PersonalCardDoc
  | TimeWarningDoc
  | MeetingDoc
  | AttendanceDoc
  | PositionDoc
  | ConflictDoc
  | ConclusionDoc
  | TakenUpDoc
  | CardDoc
  | PapersDoc
  | ReminderDoc
  | ExpertDoc
  | CardClaimDoc
  | QuorumSaidDoc;

const ids = {
  attendance: (personId: string) => `att:${personId}`,
  position: (caseId: string, personId: string) => `pos:${caseId}:${personId}`,
  conflict: (caseId: string, personId: string) => `conflict:${caseId}:${personId}`,
  conclusion: (caseId: string) => `conclusion:${caseId}`,
  takenUp: (caseId: string) => `takenUp:${caseId}`,
  card: (kind: PostedCard["kind"], caseId?: string) => (caseId ? `card:${kind}:${caseId}` : `card:${kind}`),
  cardClaim: (kind: PostedCard["kind"], caseId?: string) => (caseId ? `cardClaim:${kind}:${caseId}` : `cardClaim:${kind}`),
  expert: (caseId: string, personId: string) => `expert:${caseId}:${personId}`,
  quorumSaid: (caseId: string) => `quorum:${caseId}`,
  papers: (personId: string) => `papers:${personId}`,
  reminder: (kind: Reminder["kind"]) => `reminder:${kind}`,
  reply: (personId: string) => `reply:${personId}`,
  invitation: (substituteId: string) => `subInvite:${substituteId}`,
  personalCard: (kind: PersonalCard["kind"], personId: string) => `pcard:${kind}:${personId}`,
  timeWarning: () => "timeWarning",
};
const reply = (doc: ReplyDoc): AttendanceReply => withoutFields(doc, ["id", "type", "meetingId"] as const);

const toMeeting = (doc: MeetingDoc): Meeting => withoutFields(doc, ["meetingId", "type", "createdByOp"] as const);
const fact = <T extends { type: string }>(doc: T) => withoutFields(doc, ["id", "type"] as const);
const mark = (doc: AttendanceDoc): AttendanceMark => withoutFields(doc, ["id", "type", "meetingId"] as const);
const position = (doc: PositionDoc): PositionMark => withoutFields(doc, ["id", "type", "meetingId"] as const);
const conflict = (doc: ConflictDoc): DeclaredConflict => withoutFields(doc, ["id", "type", "meetingId"] as const);
const conclusion = (doc: ConclusionDoc): Conclusion => fact(doc);
const expert = (doc: ExpertDoc): ExpertInvitation => withoutFields(doc, ["id", "type", "meetingId"] as const);
const quorumSaid = (doc: QuorumSaidDoc): QuorumSaid => fact(doc);

export const toMeetingDoc = (meeting: Meeting, createdByOp?: string): MeetingDoc => ({
  ...meeting,
  meetingId: meeting.id,
  type: "meeting",
  ...(createdByOp ? { createdByOp } : {}),
});

function byType(docs: FactDoc[]) {
  const of = <K extends FactDoc["type"]>(type: K) => docs.filter((d): d is Extract<FactDoc, { type: K }> => d.type === type);
  return {
    meeting: of("meeting")[0],
    attendance: of("attendance").map(mark),
    positions: of("position").map(position),
    conflicts: of("conflict").map(conflict),
    conclusions: of("conclusion").map(conclusion),
    takenUp: of("takenUp").map(fact),
    cards: of("card").map(fact),
    experts: of("expert").map(expert),
  };
}

export function meetingRepository(store: DocumentStore): MeetingRepository {
  const q = <T>(meetingId: string, sql: string, params: { name: string; value: unknown }[] = []) => store.query<T>("meetings", meetingId, sql, params);
  /** A fact of one writer per id: upserted (the writer owns it). */
  const put = async <T extends { type: string; id: string; meetingId: string }>(doc: T) => void (await store.upsert<T>("meetings", doc));
  /** A fact changed under optimistic concurrency; the mutator sees and returns the app's shape. */
  async function changeFact<A, D extends { id: string; meetingId: string; type: string }>(
    meetingId: string,
    id: string,
    type: D["type"],
    toApp: (d: D) => A,
    mutate: (current: A | undefined) => A | undefined,
  ): Promise<A | undefined> {
    const stored = await store.update<D>("meetings", meetingId, id, (doc) => {
      const next = mutate(doc ? toApp(doc) : undefined);
      return next && ({ ...next, id, meetingId, type } as unknown as D);
    });
    return stored ? toApp(stored.doc) : undefined;
  }

  return {
    async get(meetingId) {
      const found = await store.get<MeetingDoc>("meetings", meetingId, meetingId);
      return found ? toMeeting(found.doc) : undefined;
    },
    async all() {
      const docs = await store.queryAll<MeetingDoc>("meetings", "SELECT * FROM c WHERE c.type = 'meeting'");
      return docs.map(toMeeting).sort((a, b) => inOslo(a.startsAt).toMillis() - inOslo(b.startsAt).toMillis());
    },
    async on(date) {
      const docs = await store.queryAll<MeetingDoc>("meetings", "SELECT * FROM c WHERE c.type = 'meeting' AND c.date = @date", [
        { name: "@date", value: date },
      ]);
      return docs.map(toMeeting);
    },
    async add(meeting, operationId) {
      if (await store.createIfAbsent<MeetingDoc>("meetings", toMeetingDoc(meeting, operationId))) return "created";
      if (!operationId) return "exists";
      const stored = await store.get<MeetingDoc>("meetings", meeting.id, meeting.id);
      return stored?.doc.createdByOp === operationId ? "existsFromSameOperation" : "exists";
    },
    async change(meetingId, mutate) {
      const stored = await store.update<MeetingDoc>("meetings", meetingId, meetingId, (doc) => {
        if (!doc) return undefined;
        const next = mutate(toMeeting(doc));
        return next && toMeetingDoc(next, doc.createdByOp);
      });
      return stored ? toMeeting(stored.doc) : undefined;
    },

    async load(meetingId) {
      const f = byType(await q<FactDoc>(meetingId, "SELECT * FROM c WHERE c.meetingId = @pk"));
      if (!f.meeting) return undefined;
      const state: MeetingState = {
        meeting: toMeeting(f.meeting),
        attendance: f.attendance,
        positions: f.positions,
        conflicts: f.conflicts,
        conclusions: f.conclusions,
        cards: f.cards,
        experts: f.experts,
      };
      return state;
    },
    async attendance(meetingId) {
      // The replies to the papers too (issue 13): the attendance card names who was expected and has not joined.
      const docs = await q<FactDoc>(meetingId, "SELECT * FROM c WHERE c.meetingId = @pk AND c.type IN ('meeting', 'attendance', 'reply')");
      const f = byType(docs);
      const replies = docs.filter((d): d is ReplyDoc => d.type === "reply").map(reply);
      return f.meeting ? { meeting: toMeeting(f.meeting), attendance: f.attendance, replies } : undefined;
    },
    async caseFacts(meetingId, caseId) {
      const f = byType(
        await q<FactDoc>(meetingId, "SELECT * FROM c WHERE c.meetingId = @pk AND (c.type IN ('meeting', 'attendance') OR c.caseId = @caseId)", [
          { name: "@caseId", value: caseId },
        ]),
      );
      if (!f.meeting) return undefined;
      const facts: CaseFacts = { meeting: toMeeting(f.meeting), attendance: f.attendance, positions: f.positions, conflicts: f.conflicts };
      if (f.takenUp[0]) facts.takenUp = f.takenUp[0];
      if (f.conclusions[0]) facts.conclusion = f.conclusions[0];
      if (f.experts.length > 0) facts.experts = f.experts;
      return facts;
    },

    changeAttendance(meetingId, personId, mutate) {
      return changeFact<AttendanceMark, AttendanceDoc>(meetingId, ids.attendance(personId), "attendance", mark, mutate);
    },
    changePosition(meetingId, caseId, personId, mutate) {
      return changeFact<PositionMark, PositionDoc>(meetingId, ids.position(caseId, personId), "position", position, mutate);
    },
    addConflict(meetingId, c) {
      return store.createIfAbsent<ConflictDoc>("meetings", { ...c, id: ids.conflict(c.caseId, c.personId), meetingId, type: "conflict" });
    },
    addConclusion(c) {
      return store.createIfAbsent<ConclusionDoc>("meetings", { ...c, id: ids.conclusion(c.caseId), type: "conclusion" });
    },
    async conclusion(meetingId, caseId) {
      const found = await store.get<ConclusionDoc>("meetings", meetingId, ids.conclusion(caseId));
      return found ? conclusion(found.doc) : undefined;
    },
    async putTakenUp(t) {
      // The first take-up is the one that counts: a retry or a second click keeps the case as first frozen.
      await store.createIfAbsent<TakenUpDoc>("meetings", { ...t, id: ids.takenUp(t.caseId), type: "takenUp" });
    },
    async redactTakenUp(meetingId, caseId, redact) {
      await store.update<TakenUpDoc>("meetings", meetingId, ids.takenUp(caseId), (current) => {
        if (!current) return undefined;
        const next = redact(current.case);
        return next === undefined ? undefined : { ...current, case: next };
      });
    },

    async card(meetingId, kind, caseId) {
      const found = await store.get<CardDoc>("meetings", meetingId, ids.card(kind, caseId));
      return found ? fact(found.doc) : undefined;
    },
    putCard: (c) => put<CardDoc>({ ...c, id: ids.card(c.kind, c.caseId), type: "card" }),
    async claimCard(card, claim) {
      const id = ids.cardClaim(card.kind, card.caseId);
      const stored = await store.update<CardClaimDoc>("meetings", card.meetingId, id, (doc) => {
        // A fresh claim stands; one whose poster has been silent too long (it crashed) is taken over.
        if (doc && Date.parse(claim.at) - Date.parse(doc.at) < CARD_CLAIM_STALE_MS) return undefined;
        return {
          id,
          meetingId: card.meetingId,
          type: "cardClaim",
          kind: card.kind,
          ...(card.caseId ? { caseId: card.caseId } : {}),
          by: claim.by,
          at: claim.at,
        };
      });
      return stored?.doc.by === claim.by;
    },
    addExpertInvitation(meetingId, invitation) {
      return store.createIfAbsent<ExpertDoc>("meetings", { ...invitation, id: ids.expert(invitation.caseId, invitation.personId), meetingId, type: "expert" });
    },
    async quorumSaid(meetingId, caseId) {
      const found = await store.get<QuorumSaidDoc>("meetings", meetingId, ids.quorumSaid(caseId));
      return found ? quorumSaid(found.doc) : undefined;
    },
    changeQuorumSaid(meetingId, caseId, mutate) {
      return changeFact<QuorumSaid, QuorumSaidDoc>(meetingId, ids.quorumSaid(caseId), "quorumSaid", quorumSaid, mutate);
    },
    async papersDeliveries(meetingId) {
      return (await q<PapersDoc>(meetingId, "SELECT * FROM c WHERE c.meetingId = @pk AND c.type = 'papers'")).map(fact);
    },
    putPapersDelivery: (d) => put<PapersDoc>({ ...d, id: ids.papers(d.personId), type: "papers" }),
    async reminder(meetingId, kind) {
      const found = await store.get<ReminderDoc>("meetings", meetingId, ids.reminder(kind));
      return found ? fact(found.doc) : undefined;
    },
    putReminder: (r) => put<ReminderDoc>({ ...r, id: ids.reminder(r.kind), type: "reminder" }),
    async timeWarning(meetingId) {
      const found = await store.get<TimeWarningDoc>("meetings", meetingId, ids.timeWarning());
      return found ? fact(found.doc) : undefined;
    },
    async claimTimeWarning(meetingId, claim) {
      const id = ids.timeWarning();
      const stored = await store.update<TimeWarningDoc>("meetings", meetingId, id, (doc) => {
        if (doc?.state === "said") return undefined;
        // Someone else is saying it now: theirs stands until it fails or falls silent (it crashed).
        if (doc?.state === "saying" && Date.parse(claim.at) - Date.parse(doc.at) < CARD_CLAIM_STALE_MS) return undefined;
        return { id, meetingId, type: "timeWarning", by: claim.by, at: claim.at, state: "saying", elapsed: claim.elapsed };
      });
      return stored?.doc.by === claim.by && stored.doc.state === "saying";
    },
    async settleTimeWarning(meetingId, by, outcome) {
      await store.update<TimeWarningDoc>("meetings", meetingId, ids.timeWarning(), (doc) =>
        doc && doc.by === by && doc.state === "saying" ? { ...doc, state: outcome } : undefined,
      );
    },

    async preparation(meetingId) {
      const docs = await q<FactDoc>(meetingId, "SELECT * FROM c WHERE c.meetingId = @pk AND c.type IN ('meeting', 'reply', 'conflict', 'subInvite')");
      const f = byType(docs);
      if (!f.meeting) return undefined;
      return {
        meeting: toMeeting(f.meeting),
        replies: docs.filter((d): d is ReplyDoc => d.type === "reply").map(reply),
        conflicts: f.conflicts,
        invitations: docs.filter((d): d is InvitationDoc => d.type === "subInvite").map(fact),
      };
    },
    changeReply(meetingId, personId, mutate) {
      return changeFact<AttendanceReply, ReplyDoc>(meetingId, ids.reply(personId), "reply", reply, mutate);
    },
    changeSubstituteInvitation(meetingId, substituteId, mutate) {
      return changeFact<SubstituteInvitation, InvitationDoc>(meetingId, ids.invitation(substituteId), "subInvite", fact, mutate);
    },
    async personalCard(meetingId, kind, personId) {
      const found = await store.get<PersonalCardDoc>("meetings", meetingId, ids.personalCard(kind, personId));
      return found ? fact(found.doc) : undefined;
    },
    putPersonalCard: (c) => put<PersonalCardDoc>({ ...c, id: ids.personalCard(c.kind, c.personId), type: "personalCard" }),

    async allConclusions() {
      return (await store.queryAll<ConclusionDoc>("meetings", "SELECT * FROM c WHERE c.type = 'conclusion'")).map(conclusion);
    },
    async allAttendance() {
      return (await store.queryAll<AttendanceDoc>("meetings", "SELECT * FROM c WHERE c.type = 'attendance'")).map((d) => ({
        ...mark(d),
        meetingId: d.meetingId,
      }));
    },
  };
}
