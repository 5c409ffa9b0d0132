/**
 * The directory of Teams users (src/store/repositories/directory.ts): what a
 * later record does not say is kept. The bot that installs itself for a person
 * and opens the chat (src/teams/deliver.ts) knows no "29:" id; the
 * installationUpdate Teams sends for that install may already have stored it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directory } from "../../src/store/repositories/directory.js";
import { makeTestStore, type TestStore } from "../support/store.js";

describe("the directory", () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await makeTestStore();
  });
  afterAll(() => t.dispose());

  it("keeps the known Teams id and locale when a record gives only the chat the bot opened", async () => {
    const d = directory(t.store);
    const aad = "0b0f4a3e-1111-4222-8333-444455556666";
    await d.rememberUser({ aadObjectId: aad, teamsUserId: "29:1opaque-from-teams", rosterId: "dir-fonna", locale: "en", at: "2026-12-01T10:00:00.000Z" });
    await d.rememberUser({ aadObjectId: aad, rosterId: "dir-fonna", personalRef: { conversation: { id: "a:1on1" } }, at: "2026-12-01T10:00:01.000Z" });
    expect(await d.user(aad)).toMatchObject({
      teamsUserId: "29:1opaque-from-teams",
      locale: "en",
      rosterId: "dir-fonna",
      personalRef: { conversation: { id: "a:1on1" } },
    });
  });

  it("stores a person first met through the bot's own install with no Teams id yet, and takes it when it comes", async () => {
    const d = directory(t.store);
    const aad = "0b0f4a3e-7777-4888-8999-aaaabbbbcccc";
    await d.rememberUser({ aadObjectId: aad, rosterId: "dep-fonna", personalRef: { conversation: { id: "a:1on1-b" } }, at: "2026-12-01T10:00:00.000Z" });
    expect((await d.user(aad))?.teamsUserId).toBe("");
    await d.rememberUser({ aadObjectId: aad, teamsUserId: "29:1later", rosterId: "dep-fonna", at: "2026-12-01T10:00:02.000Z" });
    expect(await d.user(aad)).toMatchObject({ teamsUserId: "29:1later", personalRef: { conversation: { id: "a:1on1-b" } } });
  });
});
