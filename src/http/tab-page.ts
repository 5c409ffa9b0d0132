/**
 * The meeting book's pages (Møtemappe), served by the bot's own server:
 *
 *   GET /tab            the page: the personal tab ("my meetings and cases"), and
 *                       in a meeting (?view=meeting) the side panel / meeting tab
 *   GET /tab/config     the configurable tab's configuration page (meetings)
 *   GET /tab/app.js     the page's script (plain DOM, no framework)
 *   GET /tab/config.js  the configuration page's script
 *   GET /tab/teams-js.js  @microsoft/teams-js's browser bundle, from node_modules (never a CDN)
 *
 * Plain HTML and a small script; every text comes from the API in the
 * reader's language (src/http/tab-api.ts) or from the catalogs here. Teams
 * frames the pages, so they may be framed by Teams' own clients and nothing
 * else; scripts come from this server only; a PDF is shown from an object URL
 * of content fetched with the reader's token (frame-src blob:), so no URL
 * that carries access ever exists.
 *
 * Local mode (loopback, no Teams): the page skips Teams and its sign-in, and
 * shows a banner naming the launcher's current person.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { localeFrom, t, type Locale } from "../i18n/index.js";
import type { Route } from "./server.js";

export const TAB_PAGE_PATH = "/tab";
export const TAB_CONFIG_PATH = "/tab/config";
/** The personal tab's entityId in the manifest, and what the cards' deep links name. */
export const TAB_ENTITY_ID = "moetemappe";

const FRAME_ANCESTORS =
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.microsoft.us https://*.skype.com https://*.office.com https://*.cloud.microsoft https://*.microsoft365.com";

const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy": `default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; frame-src blob:; img-src 'self' data:; base-uri 'none'; form-action 'none'; ${FRAME_ANCESTORS}`,
  "referrer-policy": "no-referrer",
  "x-robots-tag": "noindex",
};
const SCRIPT_HEADERS = { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" };

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const STYLE = `
body{font-family:"Segoe UI",system-ui,sans-serif;margin:0;color:#242424;background:#fff;font-size:14px;line-height:1.45}
main{padding:12px 16px;max-width:960px}
h1{font-size:20px;margin:4px 0 8px}h2{font-size:16px;margin:18px 0 6px}h3{font-size:14px;margin:12px 0 4px}
.banner{background:#FFF4CE;border-bottom:2px solid #C19C00;padding:8px 16px;font-weight:600}
.muted{color:#616161}.warn{color:#C4314B;font-weight:600}.good{color:#237B4B;font-weight:600}
.badge{display:inline-block;border-radius:4px;padding:0 6px;margin-left:6px;font-size:12px;background:#EBEBEB}
.badge.urgent{background:#FDE7E9;color:#A4262C}.badge.recused{background:#FFF4CE;color:#8A6100}
ul.cases,ul.docs{list-style:none;padding:0;margin:0}
ul.cases li,ul.docs li{border:1px solid #E0E0E0;border-radius:6px;padding:8px 10px;margin:6px 0}
ul.cases li.inhand{border-color:#5B5FC7;border-width:2px}
button{font:inherit;border:1px solid #5B5FC7;background:#fff;color:#5B5FC7;border-radius:4px;padding:3px 10px;cursor:pointer;margin-right:6px}
button.link{border:none;padding:0;color:#5B5FC7;text-decoration:underline}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}dt{color:#616161}dd{margin:0}
.viewer{margin-top:12px;border:1px solid #E0E0E0}.viewer iframe{width:100%;height:75vh;border:0}
.notice{background:#F5F5F5;border-left:4px solid #C19C00;padding:8px 10px;margin:8px 0}
`;

function shell(locale: Locale, mode: "local" | "teams", title: string, script: string, body = ""): string {
  return [
    "<!doctype html>",
    `<html lang="${locale === "en" ? "en" : "nb"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escape(title)}</title><style>${STYLE}</style>`,
    `</head><body data-mode="${mode}">`,
    `<div id="banner"></div><main id="app">${body}</main>`,
    mode === "teams" ? `<script src="/tab/teams-js.js"></script>` : "",
    `<script src="${script}"></script>`,
    "</body></html>",
  ].join("\n");
}

let teamsJs: Promise<string> | undefined;
/** The browser bundle of @microsoft/teams-js, read once from node_modules. */
function teamsJsBundle(): Promise<string> {
  if (!teamsJs) {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve("@microsoft/teams-js/package.json");
    teamsJs = readFile(path.join(path.dirname(pkg), "dist", "umd", "MicrosoftTeams.min.js"), "utf8");
  }
  return teamsJs;
}

export function tabPageRoutes(opts: { mode: "local" | "teams" }): Route[] {
  const mode = opts.mode;
  return [
    {
      method: "GET",
      path: TAB_PAGE_PATH,
      async handler(req) {
        const locale = localeFrom(req.query?.get("locale"));
        return {
          status: 200,
          headers: PAGE_HEADERS,
          body: shell(locale, mode, t(locale, "tab.title"), "/tab/app.js", `<p class="muted">${escape(t(locale, "tab.loading"))}</p>`),
        };
      },
    },
    {
      method: "GET",
      path: TAB_CONFIG_PATH,
      async handler(req) {
        const locale = localeFrom(req.query?.get("locale"));
        // Both languages are on the page; the script keeps the one Teams' locale asks for.
        const intro = (["nb", "en"] as const)
          .map((l) => `<p data-lang="${l}"${l === locale ? "" : " hidden"}>${escape(t(l, "tab.config.intro"))}</p>`)
          .join("");
        const names = `<meta id="names" data-nb="${escape(t("nb", "tab.config.meetingTitle"))}" data-en="${escape(t("en", "tab.config.meetingTitle"))}">`;
        return {
          status: 200,
          headers: PAGE_HEADERS,
          body: shell(locale, "teams", t(locale, "tab.title"), "/tab/config.js", `<h1>${escape(t(locale, "tab.title"))}</h1>${intro}${names}`),
        };
      },
    },
    { method: "GET", path: "/tab/app.js", handler: async () => ({ status: 200, headers: SCRIPT_HEADERS, body: APP_JS }) },
    { method: "GET", path: "/tab/config.js", handler: async () => ({ status: 200, headers: SCRIPT_HEADERS, body: CONFIG_JS }) },
    {
      method: "GET",
      path: "/tab/teams-js.js",
      handler: async () => ({ status: 200, headers: { ...SCRIPT_HEADERS, "cache-control": "public, max-age=86400" }, body: await teamsJsBundle() }),
    },
  ];
}

/** The configuration page: Teams shows it when the tab is added to a meeting; saving points the tab at the meeting view. */
const CONFIG_JS = `"use strict";
(async function () {
  var teams = window.microsoftTeams;
  await teams.app.initialize();
  var ctx = await teams.app.getContext();
  var lang = String((ctx.app && ctx.app.locale) || "nb").toLowerCase().indexOf("en") === 0 ? "en" : "nb";
  document.querySelectorAll("[data-lang]").forEach(function (p) { p.hidden = p.getAttribute("data-lang") !== lang; });
  var name = document.getElementById("names").getAttribute("data-" + lang);
  teams.pages.config.registerOnSaveHandler(function (save) {
    var url = location.origin + "/tab?view=meeting";
    teams.pages.config.setConfig({ entityId: "${TAB_ENTITY_ID}-meeting", contentUrl: url, websiteUrl: url, suggestedDisplayName: name })
      .then(function () { save.notifySuccess(); }, function (e) { save.notifyFailure(String(e)); });
  });
  teams.pages.config.setValidityState(true);
  teams.app.notifySuccess();
})();
`;

/**
 * The page's script. Builds the DOM with textContent only (never innerHTML),
 * asks Teams for a token per request (Teams caches and renews it), and opens
 * documents from object URLs of what it fetched.
 */
const APP_JS = `"use strict";
(async function () {
  var app = document.getElementById("app");
  var banner = document.getElementById("banner");
  var mode = document.body.getAttribute("data-mode");
  var params = new URLSearchParams(location.search);
  var locale = params.get("locale") || "";
  var view = params.get("view") || "personal";
  var startCase = params.get("case") || "";
  var chat = params.get("chat") || "";
  var teams = window.microsoftTeams;
  var objectUrls = [];

  if (mode === "teams") {
    await teams.app.initialize();
    var ctx = await teams.app.getContext();
    locale = (ctx.app && ctx.app.locale) || locale;
    // A card's deep link names the case as the subEntityId (subPageId in TeamsJS v2).
    startCase = (ctx.page && ctx.page.subPageId) || startCase;
    if (ctx.chat && ctx.chat.id) chat = ctx.chat.id;
    var frame = ctx.page && ctx.page.frameContext;
    if (frame === "sidePanel" || frame === "meetingStage" || (ctx.meeting && ctx.meeting.id)) view = "meeting";
    teams.app.notifySuccess();
  } else {
    locale = locale || navigator.language || "nb";
  }
  locale = String(locale).toLowerCase().indexOf("en") === 0 ? "en" : "nb";
  document.documentElement.lang = locale;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "onclick") e.addEventListener("click", attrs[k]);
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function clear() {
    objectUrls.forEach(function (u) { URL.revokeObjectURL(u); });
    objectUrls = [];
    while (app.firstChild) app.removeChild(app.firstChild);
  }
  async function token() {
    if (mode !== "teams") return undefined;
    return teams.authentication.getAuthToken();
  }
  async function get(path, raw) {
    var headers = {};
    var tok = await token();
    if (tok) headers.authorization = "Bearer " + tok;
    var r = await fetch(path + (path.indexOf("?") >= 0 ? "&" : "?") + "locale=" + locale, { headers: headers, credentials: "omit" });
    if (raw && r.ok) return r;
    var body = await r.json().catch(function () { return {}; });
    if (!r.ok) throw new Error(body.error || String(r.status));
    return body;
  }
  function showBanner(data) {
    banner.textContent = "";
    if (data.localBanner) { banner.className = "banner"; banner.setAttribute("role", "status"); banner.textContent = data.localBanner; }
  }
  function showError(e) {
    clear();
    app.appendChild(el("p", { class: "warn", role: "alert", text: e.message }));
  }
  function badges(c) {
    return [c.urgent ? el("span", { class: "badge urgent", text: c.urgent }) : null, c.recused ? el("span", { class: "badge recused", text: c.recused }) : null, c.minutes ? el("span", { class: "badge", text: c.minutes }) : null];
  }
  function caseList(cases, back) {
    return el("ul", { class: "cases" }, cases.map(function (c) {
      return el("li", { class: c.inHand ? "inhand" : "", "data-case": c.caseId }, [
        el("button", { class: "link", text: c.code + " – " + c.title, onclick: function () { openCase(c.caseId, back); } }),
      ].concat(badges(c)));
    }));
  }

  async function home() {
    try {
      var d = await get("/api/tab/me");
      showBanner(d);
      clear();
      app.appendChild(el("h1", { text: d.texts.title }));
      app.appendChild(el("p", { class: "muted", text: d.person.name + " · " + d.roleLine }));
      app.appendChild(el("h2", { text: d.heading }));
      if (d.empty) app.appendChild(el("p", { text: d.empty }));
      d.meetings.forEach(function (m) {
        app.appendChild(el("h3", { text: m.heading }, m.badges.map(function (b) { return el("span", { class: "badge", text: b }); })));
        app.appendChild(caseList(m.cases, home));
      });
    } catch (e) { showError(e); }
  }

  async function meeting() {
    try {
      var q = chat ? "?chat=" + encodeURIComponent(chat) : "";
      var d = await get("/api/tab/meeting" + q);
      showBanner(d);
      clear();
      app.appendChild(el("h1", { text: d.heading }, d.badges.map(function (b) { return el("span", { class: "badge", text: b }); })));
      app.appendChild(el("p", { class: "muted", text: d.texts.readOnly }));
      app.appendChild(el("h2", { text: d.inHandHeading }));
      if (d.inHand) {
        var ih = d.inHand;
        app.appendChild(el("p", {}, [el("button", { class: "link", text: ih.code, onclick: function () { openCase(ih.caseId, meeting); } })]));
        app.appendChild(el("p", { class: ih.quorate ? "good" : "warn", text: ih.quorum }));
        if (ih.positions) {
          app.appendChild(el("h3", { text: ih.positionsHeading }));
          app.appendChild(el("dl", {}, [].concat.apply([], ih.positions.map(function (p) { return [el("dt", { text: p.name }), el("dd", { text: p.position })]; }))));
        }
      } else app.appendChild(el("p", { class: "muted", text: d.noneInHand }));
      app.appendChild(el("h2", { text: d.texts.agenda }));
      if (d.time) app.appendChild(el("p", { class: "muted", text: d.time }));
      app.appendChild(caseList(d.cases, meeting));
    } catch (e) { showError(e); }
  }

  async function openDocument(doc, holder, texts) {
    try {
      var r = await get(doc.href, true);
      var blob = await r.blob();
      var url = URL.createObjectURL(blob);
      objectUrls.push(url);
      while (holder.firstChild) holder.removeChild(holder.firstChild);
      if (doc.pdf) {
        holder.appendChild(el("div", { class: "viewer", "data-document": doc.documentId }, [
          el("p", {}, [
            el("strong", { text: doc.title + " " }),
            el("button", { text: texts.close, onclick: function () { while (holder.firstChild) holder.removeChild(holder.firstChild); URL.revokeObjectURL(url); } }),
          ]),
          el("iframe", { src: url, title: doc.title }),
        ]));
      } else {
        var a = el("a", { href: url, download: doc.fileName });
        document.body.appendChild(a);
        a.click();
        a.remove();
      }
    } catch (e) { holder.appendChild(el("p", { class: "warn", role: "alert", text: e.message })); }
  }

  async function openCase(caseId, back) {
    try {
      var d = await get("/api/tab/case?id=" + encodeURIComponent(caseId));
      showBanner(d);
      clear();
      var c = d.case;
      app.appendChild(el("p", {}, [el("button", { class: "link", text: "← " + d.texts.back, onclick: function () { back(); } })]));
      app.appendChild(el("h1", { text: c.heading }, [c.urgent ? el("span", { class: "badge urgent", text: c.urgent }) : null]));
      app.appendChild(el("p", { text: c.method }));
      if (c.access !== "full") {
        app.appendChild(el("div", { class: "notice", "data-recused": "true" }, [el("p", { class: "warn", text: c.recused }), el("p", { text: c.recusedNote })]));
        return;
      }
      app.appendChild(el("dl", {}, [].concat.apply([], c.facts.map(function (f) { return [el("dt", { text: f.label }), el("dd", { text: f.value })]; }))));
      var a = c.application;
      app.appendChild(el("h2", { text: a.heading }));
      app.appendChild(el("h3", { text: a.groundsHeading }));
      if (a.groundsNone) app.appendChild(el("p", { text: a.groundsNone }));
      a.grounds.forEach(function (g) { app.appendChild(el("p", {}, [el("strong", { text: g.label + ": " }), document.createTextNode(g.text)])); });
      app.appendChild(el("h3", { text: a.priorityHeading }));
      a.priority.forEach(function (g) { app.appendChild(el("p", {}, [el("strong", { text: g.label + ": " }), document.createTextNode(g.text)])); });
      app.appendChild(el("h3", { text: a.costHeading }));
      app.appendChild(el("dl", { "data-costs": "true" }, [].concat.apply([], a.cost.map(function (f) { return [el("dt", { text: f.label }), el("dd", { text: f.value })]; }))));
      if (a.confidential) app.appendChild(el("p", { class: "warn", text: a.confidential }));
      if (c.precedents) {
        var pr = c.precedents;
        app.appendChild(el("h2", { text: pr.heading }));
        if (pr.none) app.appendChild(el("p", { class: "muted", text: pr.none }));
        app.appendChild(el("ul", { "data-precedents": "true" }, pr.lines.map(function (line) { return el("li", { text: line }); })));
        if (pr.more) app.appendChild(el("p", { class: "muted", text: pr.more }));
      }
      app.appendChild(el("h2", { text: c.documentsHeading }));
      var viewer = el("div", { id: "viewer" });
      if (c.documents.length === 0) app.appendChild(el("p", { class: "muted", text: c.noDocuments }));
      app.appendChild(el("ul", { class: "docs" }, c.documents.map(function (doc) {
        return el("li", { "data-document": doc.documentId }, [
          el("strong", { text: doc.title }),
          el("div", { class: "muted", text: doc.meta }),
          el("button", { text: doc.pdf ? d.texts.open : d.texts.download, onclick: function () { openDocument(doc, viewer, d.texts); } }),
        ]);
      })));
      app.appendChild(viewer);
    } catch (e) { showError(e); }
  }

  var start = view === "meeting" ? meeting : home;
  if (startCase) await openCase(startCase, start);
  else await start();
})();
`;
