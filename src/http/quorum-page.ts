/**
 * GET /meeting/quorum?meeting=<meeting id>&case=<case id>: the small page the
 * chair's targeted in-meeting notification shows on the meeting stage (Teams
 * opens it in a dialog). It says the last quorum notice for the case in hand,
 * in the chair's language. The URL carries only the two ids, never a name or
 * anything of the case; the page reads the state, and shows nothing once the
 * case is no longer in hand or the meeting has ended.
 */
import { chairsOf, lastQuorumNotice } from "../app/meeting/quorum-notice.js";
import type { AppServices } from "../app/services.js";
import { quorumNoticeLines } from "../cards/quorum-notice.js";
import { localeFrom, t, type Locale } from "../i18n/index.js";
import type { Route } from "./server.js";

export const QUORUM_PAGE_PATH = "/meeting/quorum";

const MEETING_ID = /^M-\d{4}-\d{2}-\d{2}(-[a-z0-9]{1,32})?$/;
const CASE_ID = /^TO-\d{4}-\d{3}$/;

/** Teams shows the page in a frame of its own clients; nothing else may frame it. */
const HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.microsoft.us https://*.skype.com https://*.office.com https://*.cloud.microsoft",
  "referrer-policy": "no-referrer",
  "x-robots-tag": "noindex",
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function page(locale: Locale, title: string, lines: string[], tone: "warning" | "good" | "info"): string {
  const colour = tone === "warning" ? "#C4314B" : tone === "good" ? "#237B4B" : "#616161";
  return [
    "<!doctype html>",
    `<html lang="${locale === "en" ? "en" : "nb"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escape(title)}</title>`,
    `<style>body{font-family:"Segoe UI",system-ui,sans-serif;margin:16px;color:#242424}h1{font-size:18px;color:${colour}}p{font-size:14px;line-height:1.4}</style>`,
    "</head><body>",
    `<h1>${escape(title)}</h1>`,
    ...lines.map((l) => `<p>${escape(l)}</p>`),
    "</body></html>",
  ].join("\n");
}

export function quorumPageRoute(svc: AppServices): Route {
  return {
    method: "GET",
    path: QUORUM_PAGE_PATH,
    async handler(req) {
      const meetingId = req.query?.get("meeting") ?? "";
      const caseId = req.query?.get("case") ?? "";
      if (!MEETING_ID.test(meetingId) || !CASE_ID.test(caseId)) return { status: 400, body: { error: "meeting and case ids required" } };
      // The chair's language: the one their Teams client last used with the bot, else the roster's.
      const chairs = chairsOf(svc);
      const users = await svc.directory.usersByRosterIds(chairs.map((c) => c.id));
      const locale = localeFrom(users.find((u) => u.locale)?.locale ?? chairs[0]?.locale);
      const title = t(locale, "quorum.notificationTitle");
      const notice = await lastQuorumNotice(svc, { meetingId, caseId });
      if (!notice) return { status: 404, headers: HEADERS, body: page(locale, title, [t(locale, "quorum.pageGone")], "info") };
      return { status: 200, headers: HEADERS, body: page(locale, title, quorumNoticeLines(locale, notice), notice.quorate ? "good" : "warning") };
    },
  };
}
