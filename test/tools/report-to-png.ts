/**
 * Issue 15: the yearly report as a PDF over a year of generated data
 * (test/support/year-data.ts), its pages as PNG in docs/ (pdftoppm from
 * poppler-utils), to look at the charts and tables:
 *   npx tsx test/tools/report-to-png.ts [nb|en]
 * writes docs/report-example.png (page 1, the charts) and docs/report-example-2.png (page 2).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { registerReport } from "../../src/app/coordinator/report.js";
import type { AppServices } from "../../src/app/services.js";
import { renderReportPdf } from "../../src/export/report-pdf.js";
import { CosmosStore } from "../../src/store/cosmos-store.js";
import { startLocalCosmos } from "../../src/store/local-server.js";
import { repositories } from "../../src/store/repositories/index.js";
import { reportView } from "../../src/teams/coordinator/views.js";
import { demoRoster } from "../domain/fixtures.js";
import { seedYear } from "../support/year-data.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const locale = process.argv[2] === "en" ? "en" : "nb";
const roster = demoRoster();
const cosmos = await startLocalCosmos({ dataDir: null });
const store = await CosmosStore.connect({ endpoint: cosmos.endpoint, database: "report-example", auth: { kind: "key", key: cosmos.key } });
const dir = mkdtempSync(join(tmpdir(), "report-png-"));
try {
  const repos = repositories(store);
  await seedYear(repos, roster);
  const svc = { ...repos, roster, settings: { quorumMinimum: 4 } } as unknown as AppServices;
  const { report, records } = await registerReport(svc, { from: "2025-01-01", to: "2025-12-31" });
  const pdf = await renderReportPdf(reportView(report, records, locale, new Date("2026-01-05T09:00:00+01:00")));
  const pdfPath = join(dir, "report.pdf");
  writeFileSync(pdfPath, pdf);
  execFileSync("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "2", pdfPath, join(dir, "page")]);
  mkdirSync(join(root, "docs"), { recursive: true });
  const pages = ["page-1.png", "page-2.png"].map((f) => join(dir, f)).filter(existsSync);
  const suffix = locale === "en" ? "-en" : "";
  pages.forEach((p, i) => renameSync(p, join(root, "docs", `report-example${suffix}${i === 0 ? "" : `-${i + 1}`}.png`)));
  console.log(`docs/report-example${suffix}.png written (${pdf.length} byte PDF, ${pages.length} pages shown)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  store.close();
  await cosmos.stop();
}
