import { describe, expect, it } from "vitest";
import { freeText } from "../../src/domain/free-text.js";

describe("free text", () => {
  it("is trimmed", () => {
    expect(freeText(20).parse("  hei  ")).toBe("hei");
  });
  it("refuses text longer than its maximum, counted after trimming", () => {
    expect(freeText(3).safeParse(" abc ").success).toBe(true);
    const r = freeText(3).safeParse("abcd");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("text.tooLong");
  });
  it("refuses a fødselsnummer with the privacy message code", () => {
    const r = freeText(200).safeParse("Gjelder 150575 43288");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("privacy.nationalIdInText");
  });
});
