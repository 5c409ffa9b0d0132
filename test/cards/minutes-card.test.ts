import { describe, expect, it } from "vitest";
import { renderMinutesCard } from "../../src/cards/minutes.js";
import { cardByteSize, MAX_CARD_BYTES } from "../../src/cards/card.js";
import { editMinutes, type Minutes } from "../../src/domain/minutes.js";
import { demoRoster } from "../domain/fixtures.js";
import { sampleMinutes } from "../export/sample-minutes.js";
import { cardText, executeActions } from "../support/bot-harness.js";

const roster = demoRoster();
const names = (id: string) => roster.people.find((p) => p.id === id)?.name ?? id;
const approved = sampleMinutes(roster);
const { approvedAt: _a, approvedBy: _b, confirmedAt: _c, confirmedBy: _d, ...rest } = approved;
const draft: Minutes = { ...rest, status: "draft" };

describe("the minutes card", () => {
  it("gives the coordinator the notes and Lagre / Bekreft on a draft, the chair Godkjenn / Be om endring on confirmed minutes", () => {
    const forCoordinator = renderMinutesCard({ locale: "nb", minutes: draft, names, viewer: "coordinator", event: "drafted" });
    expect(executeActions(forCoordinator).map((a) => a.verb)).toEqual(["saveMinutes", "confirmMinutes", "offerMinutes", "offerMinutes"]);
    const confirmed: Minutes = { ...draft, status: "confirmed", confirmedBy: "coord", confirmedAt: "2026-11-27T15:00:00.000+01:00" };
    const forChair = renderMinutesCard({ locale: "nb", minutes: confirmed, names, viewer: "chair", event: "approvalAsked" });
    expect(executeActions(forChair).map((a) => a.verb)).toEqual(["approveMinutes", "requestMinutesChange", "offerMinutes", "offerMinutes"]);
    expect(cardText(forChair)).toContain("Bekreftet av koordinator Maren Ødegård Lie");
    const forMember = renderMinutesCard({ locale: "nb", minutes: confirmed, names, viewer: "other" });
    expect(executeActions(forMember)).toEqual([]);
  });

  it("reads in English, with names and words, never roster ids or codes", () => {
    const text = cardText(renderMinutesCard({ locale: "en", minutes: approved, names, viewer: "coordinator", event: "approved" }));
    expect(text).toContain("Minutes of the meeting on 27 November 2026");
    expect(text).toContain("The chair has approved the minutes.");
    expect(text).toContain("Marit Skjelbred, substitute from Helse Førde HF for Odd Arne Brekkestø");
    expect(text).not.toMatch(/m-vest-2|s-vest-2|\bcoord\b|expert-1|\bgranted\b|\bdeferred\b|ownHf|catchmentHf|notConcluded/);
  });

  it("keeps typed notes plain (no Markdown) and fits a Teams message with long notes", () => {
    const notes = "**fet** [lenke](https://x) - punkt\n" + "Lang merknad. ".repeat(280);
    const r = editMinutes(draft, notes.slice(0, 4000));
    if (!r.ok) throw new Error(r.reason.code);
    const card = renderMinutesCard({ locale: "nb", minutes: r.value, names, viewer: "coordinator" });
    expect(cardByteSize(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    // Shown as written in the notes section (escaped); the input keeps what was typed.
    const blocks: string[] = [];
    const walk = (n: any): void => {
      if (!n || typeof n !== "object") return;
      if (Array.isArray(n)) return n.forEach(walk);
      if (n.type === "TextBlock" && typeof n.text === "string" && n.text.includes("fet")) blocks.push(n.text);
      Object.values(n).forEach(walk);
    };
    walk(card.body);
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) expect(b).not.toMatch(/(^|[^\\])\*\*fet/);
    expect(cardText(card)).toContain("**fet** [lenke](https://x)");
  });
});
