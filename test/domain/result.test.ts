import { describe, expect, it } from "vitest";
import { fail, ok } from "../../src/domain/result.js";

describe("result values", () => {
  it("carries a value when ok", () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
  });
  it("carries a reason code and parameters when it fails", () => {
    expect(fail("quorum.notMet", { eligible: 3 })).toEqual({ ok: false, reason: { code: "quorum.notMet", params: { eligible: 3 } } });
  });
});
