/**
 * Files the coordinator sends the bot in the 1:1 chat become a case's
 * documents: delivered over HTTP to /api/messages in the shape Teams uses
 * (attachments "application/vnd.microsoft.teams.file.download.info" with a
 * download URL, here a loopback stand-in), answered with a card to pick the
 * case and title each file, stored on «Lagre».
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadAllowed } from "../../src/teams/coordinator/documents.js";
import { cardAction, installationUpdate, personalFilesMessage } from "../support/activities.js";
import { BotHarness, cardText, executeActions, invokeCard, invokeMessage } from "../support/bot-harness.js";
import { TEST_START } from "../support/clock.js";
import { exeBytes, FileServer, pdfOfSize, sampleDocx, samplePdf, samplePng } from "../support/documents.js";
import { storeSnapshot } from "../support/snapshot.js";

const Y = TEST_START.getFullYear();
const FONNA = `TO-${Y}-001`;
const STAVANGER = `TO-${Y}-003`;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

let h: BotHarness;
let files: FileServer;
const oneOnOne = (id: string) => `a:1on1-${h.who(id).aadObjectId}`;
const lastCardTo = (id: string) =>
  h.connector
    .sent(oneOnOne(id))
    .flatMap((a) => a.attachments ?? [])
    .map((x: any) => x.content)
    .at(-1);
const lastTextTo = (id: string) => h.connector.sent(oneOnOne(id)).at(-1)?.text as string | undefined;
const sendFiles = (id: string, list: { name: string; content: Buffer }[]) =>
  h.send(
    personalFilesMessage(
      h.url,
      h.who(id),
      list.map((f) => ({ name: f.name, downloadUrl: files.serve(f.content) })),
    ),
  );
const everything = async () => ({
  store: await storeSnapshot(h.store, ["cases", "meetings", "records", "audit", "documents"]),
  blobs: await h.content.names(),
});

beforeAll(async () => {
  files = await new FileServer().start();
  h = await BotHarness.start({ env: { DOCUMENT_MAX_MB: "1" }, timerIntervalMs: 0 });
  for (const id of ["coord", "chair", "m-vest-1"]) await h.send(installationUpdate(h.url, h.who(id)));
});
afterAll(async () => {
  await h.stop();
  await files.stop();
});

describe("documents sent in the coordinator's 1:1 chat", () => {
  it("answers files with a card to pick a case that is not decided and a title per file, prefilled from the file name", async () => {
    await h.svc.cases.change(STAVANGER, (c) => ({ ...c, status: "granted" }));
    await sendFiles("coord", [
      { name: "Epikrise_fra_lege.pdf", content: samplePdf("epikrise") },
      { name: "notat.docx", content: sampleDocx() },
    ]);
    const card = lastCardTo("coord");
    const text = cardText(card);
    expect(text).toContain("Legg til dokumenter i en sak");
    expect(text).toContain("2 filer klar");
    const choices = JSON.stringify(card).match(/TO-\d{4}-\d{3}/g) ?? [];
    expect(choices).toContain(FONNA);
    expect(choices).not.toContain(STAVANGER);
    const inputs = JSON.stringify(card);
    expect(inputs).toContain('"id":"title_0"');
    expect(inputs).toContain('"value":"Epikrise fra lege"');
    expect(inputs).toContain('"value":"notat"');
    expect(executeActions(card).map((a) => a.verb)).toEqual(["storeDocuments"]);
    // Nothing is a case's document before the pick; the files wait, content and list, for the card.
    expect(await h.svc.documents.latestForCase(FONNA)).toEqual([]);
    expect((await h.content.names()).filter((n) => n.startsWith("pending/")).length).toBe(2);
    await h.svc.cases.change(STAVANGER, (c) => ({ ...c, status: "onAgenda" }));
  });

  it("stores the files on the picked case with their titles on «Lagre», audits each, and shows what was stored", async () => {
    const pdf = samplePdf("søknad");
    await sendFiles("coord", [
      { name: "soknad.pdf", content: pdf },
      { name: "bilde.png", content: samplePng() },
    ]);
    const { data } = executeActions(lastCardTo("coord"))[0]!;
    const r = await h.send(
      cardAction(h.url, h.who("coord"), "storeDocuments", { ...data, caseId: FONNA, title_0: "Søknadsskjema", title_1: "Røntgenbilde" }, { personal: true }),
    );
    const answer = invokeCard(r);
    expect(cardText(answer)).toContain("2 dokumenter lagret");
    expect(cardText(answer)).toContain(`«Søknadsskjema» i sak ${FONNA}, versjon 1`);
    expect(executeActions(answer)).toEqual([]);
    const docs = await h.svc.documents.latestForCase(FONNA);
    expect(docs.map((d) => [d.documentId, d.title, d.contentType, d.addedBy])).toEqual([
      ["D1", "Søknadsskjema", "application/pdf", "coord"],
      ["D2", "Røntgenbilde", "image/png", "coord"],
    ]);
    expect(docs[0]!.sha256).toBe(sha(pdf));
    expect((await h.svc.audit.list(FONNA)).filter((e) => e.action === "document.added").map((e) => e.summary.after)).toEqual(["D1 v1 pdf", "D2 v1 png"]);
    // A second click stores nothing more.
    const before = await everything();
    const again = await h.send(
      cardAction(h.url, h.who("coord"), "storeDocuments", { ...data, caseId: FONNA, title_0: "Søknadsskjema", title_1: "Røntgenbilde" }, { personal: true }),
    );
    expect(cardText(invokeCard(again))).toContain("2 dokumenter lagret");
    expect(await everything()).toEqual(before);
  });

  it("refuses bad files by name and content, each with why, and keeps the good ones", async () => {
    const before = await everything();
    await sendFiles("coord", [
      { name: "epikrise.pdf", content: exeBytes() },
      { name: "program.exe", content: exeBytes() },
      { name: "bilde.pdf", content: samplePng() },
      { name: "stor.pdf", content: pdfOfSize(1024 * 1024 + 100) },
      { name: "15057543288.pdf", content: samplePdf() },
    ]);
    const text = cardText(lastCardTo("coord"));
    expect(text).toContain("5 filer ble ikke tatt imot");
    expect(text).toContain("epikrise.pdf: Innholdet er ikke en PDF-, Word- (.docx), PNG- eller JPEG-fil");
    expect(text).toContain("program.exe: Bare PDF, Word (.docx), PNG og JPEG kan lagres");
    expect(text).toContain("bilde.pdf: Filnavnet stemmer ikke med innholdet: filen er egentlig en .png-fil.");
    expect(text).toContain("stor.pdf: Filen er større enn 1 MB.");
    expect(text).toContain("Fil 5: Filnavnet ser ut til å inneholde et fødselsnummer");
    expect(text).not.toContain("15057543288");
    expect(text).toContain("Ingen av filene kan lagres.");
    expect(executeActions(lastCardTo("coord"))).toEqual([]);
    expect(await everything()).toEqual(before);
  });

  it("refuses a title with a fødselsnummer on the card, in the user's words, and stores nothing", async () => {
    await sendFiles("coord", [{ name: "notat.pdf", content: samplePdf("notat") }]);
    const { data } = executeActions(lastCardTo("coord"))[0]!;
    const before = await everything();
    const r = await h.send(
      cardAction(h.url, h.who("coord"), "storeDocuments", { ...data, caseId: FONNA, title_0: "Notat om 15057543288" }, { personal: true }),
    );
    const text = cardText(invokeCard(r));
    expect(text).toContain("notat.pdf: Teksten ser ut til å inneholde et fødselsnummer eller D-nummer");
    expect(text).not.toContain("15057543288");
    expect(executeActions(invokeCard(r)).map((a) => a.verb)).toEqual(["storeDocuments"]);
    expect(await everything()).toEqual(before);
  });

  it("refuses a decided case picked on an older card, and stores nothing", async () => {
    await sendFiles("coord", [{ name: "sent.pdf", content: samplePdf("sent") }]);
    const { data } = executeActions(lastCardTo("coord"))[0]!;
    await h.svc.cases.change(STAVANGER, (c) => ({ ...c, status: "recordConfirmed" }));
    const before = await everything();
    const r = await h.send(cardAction(h.url, h.who("coord"), "storeDocuments", { ...data, caseId: STAVANGER, title_0: "Sent notat" }, { personal: true }));
    expect(cardText(invokeCard(r))).toContain(`Sak ${STAVANGER} er allerede avgjort`);
    expect(await everything()).toEqual(before);
    await h.svc.cases.change(STAVANGER, (c) => ({ ...c, status: "onAgenda" }));
  });

  it("lets only the coordinator add documents: a member's files are not downloaded, and their click is refused", async () => {
    const before = await everything();
    const requests = files.requests;
    await sendFiles("m-vest-1", [{ name: "notat.pdf", content: samplePdf() }]);
    expect(lastTextTo("m-vest-1")).toBe("Bare koordinatoren kan legge til dokumenter i en sak.");
    expect(files.requests).toBe(requests);
    const r = await h.send(
      cardAction(h.url, h.who("chair"), "storeDocuments", { uploadId: `u-${"0".repeat(32)}`, caseId: FONNA, title_0: "X" }, { personal: true }),
    );
    expect(invokeMessage(r)).toBe("Bare koordinatoren kan gjøre dette.");
    expect(await everything()).toEqual(before);
  });

  it("answers in English for an English client", async () => {
    await h.send(personalFilesMessage(h.url, h.who("coord", "en-GB"), [{ name: "report.pdf", downloadUrl: files.serve(samplePdf()) }]));
    expect(cardText(lastCardTo("coord"))).toContain("Add documents to a case");
  });
});

describe("where the bot may download files from", () => {
  it("takes https always, and http only from a loopback address in local mode", () => {
    expect(downloadAllowed("https://contoso-my.sharepoint.com/personal/x/_layouts/15/download.aspx?share=1", false)).toBe(true);
    expect(downloadAllowed("http://contoso-my.sharepoint.com/file", false)).toBe(false);
    expect(downloadAllowed("http://127.0.0.1:8080/file", false)).toBe(false);
    expect(downloadAllowed("http://127.0.0.1:8080/file", true)).toBe(true);
    expect(downloadAllowed("http://example.org/file", true)).toBe(false);
    expect(downloadAllowed("file:///etc/passwd", true)).toBe(false);
    expect(downloadAllowed("https://user:pw@example.org/file", false)).toBe(false);
  });
});

describe("files waiting for their case across a restart", () => {
  it(
    "keeps the files sent before the app restarts (Cosmos and Azurite on the same data folder), and stores them on «Lagre» after it",
    { timeout: 120_000 },
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), "komitebot-docs-restart-"));
      const server = await new FileServer().start();
      let first: BotHarness | undefined;
      let second: BotHarness | undefined;
      try {
        first = await BotHarness.start({ embeddedDataDir: dir });
        await first.send(installationUpdate(first.url, first.who("coord")));
        const pdf = samplePdf("før omstart");
        await first.send(personalFilesMessage(first.url, first.who("coord"), [{ name: "soknad.pdf", downloadUrl: server.serve(pdf) }]));
        const card = first.connector
          .sent(`a:1on1-${first.who("coord").aadObjectId}`)
          .flatMap((a) => a.attachments ?? [])
          .map((x: any) => x.content)
          .at(-1);
        const { data } = executeActions(card)[0]!;
        const connector = first.connector;
        await first.stop(true);
        first = undefined;

        second = await BotHarness.start({ embeddedDataDir: dir, connector });
        const r = await second.send(
          cardAction(second.url, second.who("coord"), "storeDocuments", { ...data, caseId: FONNA, title_0: "Søknad" }, { personal: true }),
        );
        expect(cardText(invokeCard(r))).toContain("1 dokument lagret");
        const [doc] = await second.svc.documents.latestForCase(FONNA);
        expect(doc).toMatchObject({ title: "Søknad", fileName: "soknad.pdf", sha256: sha(pdf) });
      } finally {
        await first?.stop();
        await second?.stop();
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
