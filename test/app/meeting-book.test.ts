/**
 * The meeting book's reading rights (src/app/meeting-book.ts), as a table:
 * each role × recused or not → full / title and reason / nothing, prices yes
 * or no; and the use cases on a real store: a recused member's case carries
 * no application and no documents, a confidential price is withheld from an
 * expert, every document opened is an audit entry, and a refusal opens
 * nothing and writes nothing.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookCase, bookRight, myBook, openDocument, type BookAccess, type BookFacts, type BookServices } from "../../src/app/meeting-book.js";
import type { CaseDocument } from "../../src/app/ports.js";
import type { Case } from "../../src/domain/case.js";
import type { Meeting } from "../../src/domain/meeting.js";
import { repositories } from "../../src/store/repositories/index.js";
import { demoRoster, sampleCase } from "../domain/fixtures.js";
import { makeTestContentStore } from "../support/blob.js";
import { makeTestStore, type TestStore } from "../support/store.js";
import { actor, op, services } from "./fakes.js";

const roster = demoRoster();
const settings = { quorumMinimum: 4, ackFollowUpWorkingDays: 3, recuseCatchmentHf: true, documentMaxBytes: 25 * 1024 * 1024 };
const person = (id: string) => roster.people.find((p) => p.id === id)!;

// Helse Fonna applies for a patient from Helse Bergen's catchment area; m-midt-1 declared a conflict; expert-1 is invited.
const theCase: Case = sampleCase({
  id: "TO-2026-031",
  code: "TO-2026-031",
  applyingHfId: "helse-fonna",
  catchmentHfId: "helse-bergen",
  meetingId: "M-2026-12-11",
});
const facts: BookFacts = {
  conflicts: [{ caseId: theCase.id, personId: "m-midt-1", reason: "Har behandlet pasienten", at: "2026-12-01T10:00:00+01:00" }],
  experts: [{ caseId: theCase.id, personId: "expert-1", by: "coord", at: "2026-12-01T10:00:00+01:00" }],
};
const otherCaseFacts: BookFacts = { conflicts: [], experts: [{ caseId: "TO-2026-099", personId: "expert-1", by: "coord", at: "2026-12-01T10:00:00+01:00" }] };

describe("who reads what in the meeting book", () => {
  it.each<[string, string | undefined, BookFacts, BookAccess, boolean, string | undefined]>([
    ["the chair", "chair", facts, "full", true, undefined],
    ["the coordinator", "coord", facts, "full", true, undefined],
    ["an observer from DMP", "obs-dmp", facts, "full", true, undefined],
    ["an observer from the Nye metoder secretariat", "obs-nye-metoder", facts, "full", true, undefined],
    ["a member who is not recused", "m-sorost-1", facts, "full", true, undefined],
    ["a member recused because the case is their own HF's", "m-vest-2", facts, "titleAndReason", false, "ownHf"],
    ["a member recused by the catchment-area policy", "m-vest-1", facts, "titleAndReason", false, "catchmentHf"],
    ["a member who declared a conflict", "m-midt-1", facts, "titleAndReason", false, "declared"],
    ["a substitute standing in for a recused member", "s-vest-2", facts, "full", true, undefined],
    ["a substitute whose member takes part", "s-sorost-1", facts, "full", true, undefined],
    ["a substitute recused by the catchment-area policy", "s-vest-1", facts, "titleAndReason", false, "catchmentHf"],
    ["an expert invited to this case", "expert-1", facts, "full", false, undefined],
    ["an expert invited to another case", "expert-1", otherCaseFacts, "none", false, undefined],
    ["an HF's fagdirektør (HF contact)", "dir-fonna", facts, "none", false, undefined],
    ["someone not on the roster", undefined, facts, "none", false, undefined],
  ])("%s reads: as the table says", (_label, id, f, access, prices, reason) => {
    const right = bookRight(id ? person(id) : undefined, theCase, f, { roster, settings });
    expect(right.access).toBe(access);
    expect(right.prices).toBe(prices);
    expect(right.recusal?.reason).toBe(reason);
  });

  it("names a declared conflict's own words to the person who declared it", () => {
    expect(bookRight(person("m-midt-1"), theCase, facts, { roster, settings }).recusal).toEqual({ reason: "declared", text: "Har behandlet pasienten" });
  });

  it("lets a member from the patient's catchment-area HF read the case when the committee does not recuse by catchment area", () => {
    expect(bookRight(person("m-vest-1"), theCase, facts, { roster, settings: { ...settings, recuseCatchmentHf: false } }).access).toBe("full");
  });

  it("recuses by HF before the meeting, not by attendance: a recused member reads no more for being absent", () => {
    // No attendance at all (the book is read before the meeting): the own-HF rule holds.
    expect(bookRight(person("m-vest-2"), theCase, { conflicts: [], experts: [] }, { roster, settings }).access).toBe("titleAndReason");
  });
});

// ── the use cases, on a real store with the documents' content in Azurite ─────────────────

const doc = (caseId: string, documentId: string, version: number, title: string, over: Partial<CaseDocument> = {}): CaseDocument => ({
  id: `${caseId}:${documentId}:v${version}`,
  caseId,
  documentId,
  version,
  title,
  fileName: `${title}.pdf`,
  contentType: "application/pdf",
  size: 9,
  sha256: "0".repeat(64),
  addedBy: "coord",
  addedAt: "2026-12-01T10:00:00+01:00",
  ...over,
});

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

let t: TestStore;
let svc: BookServices;
/** Stores a document version (its record and its content), as an upload would. */
const put = async (d: CaseDocument, content: Buffer) => {
  const stored = { ...d, size: content.length, sha256: createHash("sha256").update(content).digest("hex") };
  await svc.documentContent.put(stored, content);
  await svc.documents.addVersion(stored);
};
const AT = "2026-12-07T09:00:00+01:00";

beforeAll(async () => {
  t = await makeTestStore();
  svc = services(t.store, roster, () => new Date(AT), await makeTestContentStore());
  const repos = repositories(t.store);
  const meeting: Meeting = {
    id: "M-2026-12-11",
    date: "2026-12-11",
    startsAt: "2026-12-11T13:00:00+01:00",
    kind: "regular",
    agenda: [theCase.id, "TO-2026-032"],
  };
  await repos.meetings.add(meeting);
  await repos.cases.add({ ...theCase, status: "onAgenda" });
  await repos.cases.add(sampleCase({ id: "TO-2026-032", code: "TO-2026-032", applyingHfId: "sykehuset-innlandet", status: "onAgenda", meetingId: meeting.id }));
  await repos.meetings.addExpertInvitation(meeting.id, { caseId: theCase.id, personId: "expert-1", by: "coord", at: AT });
  await put(doc(theCase.id, "D1", 1, "Søknad"), Buffer.from("%PDF-1.4\nA"));
  await put(doc(theCase.id, "D1", 2, "Søknad"), Buffer.from("%PDF-1.4\nB"));
  await put(doc(theCase.id, "D2", 1, "Trukket notat"), Buffer.from("%PDF-1.4\nC"));
  await svc.documents.withdraw({ caseId: theCase.id, documentId: "D2", by: "coord", at: AT });
});
afterAll(() => t.dispose());

const auditFor = async (caseId: string) => (await repositories(t.store).audit.list(caseId)).filter((e) => e.action === "document.opened");

describe("the meeting book's use cases", () => {
  it("gives a member the application, the price and the latest version of each document, withdrawn ones left out", async () => {
    const read = await bookCase(svc, { actor: actor(roster, "m-sorost-1"), caseId: theCase.id });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.access).toBe("full");
    expect(read.value.full?.cost.price).toBe(120000);
    expect(read.value.full?.documents.map((d) => `${d.documentId} v${d.version}`)).toEqual(["D1 v2"]);
  });

  it("gives a recused member the title and why, and no application, price or documents", async () => {
    const read = await bookCase(svc, { actor: actor(roster, "m-vest-2"), caseId: theCase.id });
    expect(read.ok && read.value).toMatchObject({ access: "titleAndReason", code: theCase.code, recusal: { reason: "ownHf" } });
    expect(read.ok && read.value.full).toBeUndefined();
  });

  it("withholds a confidential price from an invited expert, who reads the rest", async () => {
    const read = await bookCase(svc, { actor: actor(roster, "expert-1"), caseId: theCase.id });
    expect(read.ok && read.value.full?.cost).toEqual({ confidential: true, hidden: true });
    expect(read.ok && read.value.full?.documents).toHaveLength(1);
  });

  it("refuses an HF contact and someone not on the roster", async () => {
    for (const who of [actor(roster, "dir-fonna"), undefined]) {
      const read = await bookCase(svc, { actor: who, caseId: theCase.id });
      expect(!read.ok && read.reason.code).toBe("book.notAllowed");
    }
  });

  it("lists a recused member's meetings with the case's title only, and an expert's with their case only", async () => {
    const member = await myBook(svc, { actor: actor(roster, "m-vest-2"), today: "2026-12-07" });
    expect(member.ok && member.value.meetings[0]?.cases.map((c) => [c.code, c.access])).toEqual([
      [theCase.code, "titleAndReason"],
      ["TO-2026-032", "full"],
    ]);
    const expert = await myBook(svc, { actor: actor(roster, "expert-1"), today: "2026-12-07" });
    expect(expert.ok && expert.value.meetings[0]?.cases.map((c) => c.code)).toEqual([theCase.code]);
    const hf = await myBook(svc, { actor: actor(roster, "dir-fonna"), today: "2026-12-07" });
    expect(!hf.ok && hf.reason.code).toBe("book.notAllowed");
  });

  it("opens a document for those who may read it, each opening an audit entry naming the person, the document and its version", async () => {
    const before = (await auditFor(theCase.id)).length;
    const o1 = await openDocument(svc, { actor: actor(roster, "obs-dmp"), caseId: theCase.id, documentId: "D1" }, op(AT));
    expect(o1.ok && (await readAll(o1.value.content.stream))).toBe("%PDF-1.4\nB");
    const o2 = await openDocument(svc, { actor: actor(roster, "s-vest-2"), caseId: theCase.id, documentId: "D1", version: 1 }, op(AT));
    expect(o2.ok && (await readAll(o2.value.content.stream))).toBe("%PDF-1.4\nA");
    const entries = (await auditFor(theCase.id)).slice(before);
    expect(entries.map((e) => [e.actor.rosterId, e.summary.after, e.at])).toEqual(
      expect.arrayContaining([
        ["obs-dmp", "D1 v2", AT],
        ["s-vest-2", "D1 v1", AT],
      ]),
    );
    expect(entries).toHaveLength(2);
  });

  it.each([
    ["a recused member", "m-vest-2"],
    ["a member recused by the catchment-area policy", "m-vest-1"],
    ["an HF contact", "dir-fonna"],
    ["an expert on another case", "expert-1:other"],
  ])("refuses %s a document, and writes nothing to the audit trail", async (_label, who) => {
    const caseId = who === "expert-1:other" ? "TO-2026-032" : theCase.id;
    const id = who.split(":")[0]!;
    if (caseId === "TO-2026-032" && !(await svc.documents.get(caseId, "D1"))) await put(doc(caseId, "D1", 1, "Annen søknad"), Buffer.from("%PDF-1.4\nX"));
    const before = (await auditFor(caseId)).length;
    const opened = await openDocument(svc, { actor: actor(roster, id), caseId, documentId: "D1" }, op(AT));
    expect(!opened.ok && opened.reason.code).toBe("book.notAllowed");
    expect(await auditFor(caseId)).toHaveLength(before);
  });

  it("does not open a withdrawn document as the latest, nor one that does not exist", async () => {
    const withdrawn = await openDocument(svc, { actor: actor(roster, "chair"), caseId: theCase.id, documentId: "D2" }, op(AT));
    expect(!withdrawn.ok && withdrawn.reason.code).toBe("book.documentNotFound");
    const missing = await openDocument(svc, { actor: actor(roster, "chair"), caseId: theCase.id, documentId: "D9" }, op(AT));
    expect(!missing.ok && missing.reason.code).toBe("book.documentNotFound");
  });
});
