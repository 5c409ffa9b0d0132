/**
 * A command whose words are right but whose arguments do not fit («sett opp
 * xyz») does not run with nothing: the person is told it was not understood,
 * with the closest commands, and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchCommand } from "../../src/teams/commands.js";
import { installationUpdate, personalMessage } from "../support/activities.js";
import { BotHarness } from "../support/bot-harness.js";
import { DECISION_STATE, storeSnapshot } from "../support/snapshot.js";

let h: BotHarness;
const oneOnOne = (id: string) => `a:1on1-${h.who(id).aadObjectId}`;

describe("a command with arguments that do not fit", () => {
  beforeAll(async () => {
    h = await BotHarness.start();
    await h.send(installationUpdate(h.url, h.who("coord")));
  });
  afterAll(async () => h.stop());

  it("does not match, so no handler ever sees arguments it did not get", () => {
    for (const text of ["sett opp xyz", "flytt TO-2026-001", "minutter TO-2026-001", "rekkefølge", "sett opp TO-2026-001 ikke-et-møte"])
      expect(matchCommand(text, true), text).toBeUndefined();
    expect(matchCommand("sett opp TO-2026-001", true)?.args).toEqual({ caseId: "TO-2026-001" });
  });

  it("tells the coordinator it was not understood, names the command, and changes nothing", async () => {
    const before = await storeSnapshot(h.store, DECISION_STATE);
    await h.post(personalMessage(h.url, h.who("coord"), "sett opp xyz"));
    const reply = h.connector.sent(oneOnOne("coord")).at(-1)?.text ?? "";
    expect(reply).toMatch(/sett opp/);
    expect(await storeSnapshot(h.store, DECISION_STATE)).toEqual(before);
  });
});
