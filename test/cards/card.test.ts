import { describe, expect, it } from "vitest";
import { plainMarkdown } from "../../src/cards/card.js";

describe("card text is plain, not Markdown", () => {
  it("keeps a date at the start of a line from becoming a numbered list", () => {
    expect(plainMarkdown("18. mars 2024")).toBe("18.\u00a0mars 2024");
    expect(plainMarkdown("Møte\n1. desember")).toBe("Møte\n1.\u00a0desember");
    expect(plainMarkdown("1.")).toBe("1.\u00a0");
  });
  it("keeps a dash at the start of a line from becoming a bullet, and leaves one inside a line", () => {
    expect(plainMarkdown("- vilkår\n- to")).toBe("-\u00a0vilkår\n-\u00a0to");
    expect(plainMarkdown("Oslo - Bergen")).toBe("Oslo - Bergen");
  });
  it("escapes emphasis and links typed by users", () => {
    expect(plainMarkdown("**viktig** og _kursiv_")).toBe("\\*\\*viktig\\*\\* og \\_kursiv\\_");
    expect(plainMarkdown("[klikk](javascript:alert(1))")).toBe("\\[klikk](javascript:alert(1))");
  });
  it("leaves what cannot be Markdown as it is: an underscore inside a word, a bracket that opens no link", () => {
    expect(plainMarkdown("ID2023_045")).toBe("ID2023_045");
    expect(plainMarkdown("se [vedlegg 2]")).toBe("se [vedlegg 2]");
  });
  it("leaves ordinary text alone", () => {
    expect(plainMarkdown("Mottatt 1. desember 2026 av Ola Vestland")).toBe("Mottatt 1. desember 2026 av Ola Vestland");
  });
});
