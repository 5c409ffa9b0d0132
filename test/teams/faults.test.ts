/**
 * Faults around the meeting: the store going away in the middle of an action,
 * and Teams answering 429/5xx to the bot's sends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testToday } from "../support/clock.js";
import { botAddedToMeeting, cardAction, installationUpdate, participantJoin, personalMessage } from "../support/activities.js";
import { BotHarness, cardText, executeActions, invokeCard, invokeMessage } from "../support/bot-harness.js";
import { startLocalCosmos, type LocalCosmos } from "../../src/store/local-server.js";
import { CosmosStore } from "../../src/store/cosmos-store.js";
import { latestRecord } from "../../src/app/coordinator/records.js";
import { repositories } from "../../src/store/repositories/index.js";
import { GRANT_FINDINGS } from "../support/record-findings.js";
import { chairApproves } from "../support/record-findings.js";

const today = testToday; // the day the harness runs on (TEST_NOW, see test/support/clock.ts)
const MEETING = `M-${today.toISODate()}`;
const CASE = `TO-${today.year}-003`;

describe("the store goes away in the middle of a meeting", () => {
  let dir: string;
  let local: LocalCosmos;
  let store: CosmosStore;
  let h: BotHarness;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "komitebot-faults-"));
    local = await startLocalCosmos({ dataDir: dir, handleSignals: false });
    store = await CosmosStore.connect(
      { endpoint: local.endpoint, database: "komitebot", auth: { kind: "key", key: local.key } },
      { onWrite: () => local.markDirty(), requestTimeoutMs: 1000 },
    );
    h = await BotHarness.start({ store });
    await h.send(botAddedToMeeting(h.url, h.who("chair")));
    await h.send(
      participantJoin(
        h.url,
        ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"].map((id) => h.who(id)),
      ),
    );
    await h.send(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: CASE }));
  });
  afterAll(async () => {
    await h.stop();
    store.close();
    await local.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("answers a click with a clear, retryable message and writes nothing while the store is down, then recovers", async () => {
    const port = local.port;
    await local.stop(); // writes the snapshot, closes the server
    const click = cardAction(h.url, h.who("m-midt-1"), "position", { meetingId: MEETING, caseId: CASE, position: "grant" });
    const r = await h.send(click);
    expect(r?.status).toBe(200);
    expect(invokeMessage(r)).toMatch(/midlertidig utilgjengelig|Ingenting ble lagret/);

    local = await startLocalCosmos({ dataDir: dir, port, handleSignals: false });
    const state = await repositories(store).meetings.load(MEETING);
    expect(state?.positions).toHaveLength(0);
    // Teams retries, or the member clicks again: the same activity now takes effect once.
    expect(invokeCard(await h.send(click))).toBeTruthy();
    expect(invokeCard(await h.send(click))).toBeTruthy();
    const after = await repositories(store).meetings.load(MEETING);
    expect(after?.positions.filter((p) => p.personId === "m-midt-1")).toHaveLength(1);
    const audit = await repositories(store).audit.list(CASE);
    expect(audit.filter((a) => a.action === "position.stated")).toHaveLength(1);
  });
});

describe("Teams answers 429 or 5xx to the bot's sends", () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await BotHarness.start();
    for (const id of ["coord", "dir-stavanger"]) await h.send(installationUpdate(h.url, h.who(id)));
    await h.send(botAddedToMeeting(h.url, h.who("chair")));
    await h.send(
      participantJoin(
        h.url,
        ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"].map((id) => h.who(id)),
      ),
    );
    await h.send(cardAction(h.url, h.who("chair"), "takeUpCase", { meetingId: MEETING, caseId: CASE }));
    for (const m of ["m-sorost-1", "m-sorost-2", "m-midt-1", "m-midt-2"]) {
      await h.send(cardAction(h.url, h.who(m), "position", { meetingId: MEETING, caseId: CASE, position: "grant" }));
    }
    await h.send(cardAction(h.url, h.who("chair"), "conclude", { meetingId: MEETING, caseId: CASE }));
    const draft = (await latestRecord(h.svc, CASE))!;
    await h.send(
      cardAction(
        h.url,
        h.who("coord"),
        "confirmRecord",
        { caseId: CASE, recordId: draft.id, reasoning: "Pasienten er klinisk eksepsjonell; kriteriene er trolig oppfylt.", ...GRANT_FINDINGS },
        { personal: true },
      ),
    );
  });
  afterAll(async () => h.stop());

  const toDirector = () => `a:1on1-${h.who("dir-stavanger").aadObjectId}`;

  it("retries a throttled send with backoff and delivers it", async () => {
    let throttled = 0;
    const remove = h.connector.when((call) =>
      call.conversationId === toDirector() && call.method === "POST" && throttled++ < 2 ? { status: 429 } : undefined,
    );
    const draft = (await latestRecord(h.svc, CASE))!;
    await chairApproves(h, CASE, draft.id);
    await h.send(cardAction(h.url, h.who("coord"), "routeRecord", { caseId: CASE, recordId: draft.id }, { personal: true }));
    remove();
    expect(throttled).toBe(3); // two 429s, then the send that went through
    expect((await h.svc.records.routing(CASE, draft.id))?.state).toBe("sent");
  });

  it("gives up after its retries on a persistent 5xx and reports it: the coordinator is alerted", async () => {
    const remove = h.connector.when((call) => (call.conversationId === toDirector() && call.method === "POST" ? { status: 503 } : undefined));
    await h.send(personalMessage(h.url, h.who("coord"), `sak ${CASE}`));
    // A correction (v2), confirmed and routed again, meets a Teams that keeps failing.
    const v1 = (await latestRecord(h.svc, CASE))!;
    await h.send(
      cardAction(h.url, h.who("coord"), "correctRecord", { caseId: CASE, recordId: v1.id, correctionReason: "Presisering av vilkår" }, { personal: true }),
    );
    const v2 = (await latestRecord(h.svc, CASE))!;
    expect(v2.version).toBe(2);
    await h.send(
      cardAction(h.url, h.who("coord"), "confirmRecord", { caseId: CASE, recordId: v2.id, reasoning: v1.reasoning, ...GRANT_FINDINGS }, { personal: true }),
    );
    await chairApproves(h, CASE, v2.id); // issue 14: a correction goes through the same sign-off
    const before = h.connector.calls.filter((c) => c.conversationId === toDirector()).length;
    const started = Date.now();
    const answer = await h.send(cardAction(h.url, h.who("coord"), "routeRecord", { caseId: CASE, recordId: v2.id }, { personal: true }));
    remove();
    // Answered at once with the record card "being sent", without its button; the send runs after the answer.
    expect(cardText(invokeCard(answer))).toMatch(/Sendes til Trude Kvinlaug/);
    expect(executeActions(invokeCard(answer)).map((a) => a.verb)).not.toContain("routeRecord");
    void started;
    const attempts = h.connector.calls.filter((c) => c.conversationId === toDirector()).length - before;
    // Our four attempts, each retried by the Bot Framework client on a 5xx: bounded, and all after the turn answered.
    expect(attempts).toBeGreaterThanOrEqual(4);
    expect(attempts).toBeLessThanOrEqual(16);
    expect((await h.svc.records.routing(CASE, v2.id))?.state).toBe("failed");
    const toCoordinator = h.connector.sent(`a:1on1-${h.who("coord").aadObjectId}`);
    expect(toCoordinator.some((a) => typeof a.text === "string" && a.text.includes(v2.id))).toBe(true);
  }, 60_000);
});
