// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { parseCardAction } from "../../src/cards/actions.js";
import { cardByteSize, MAX_CARD_BYTES } from "../../src/cards/card.js";
import {
  type IntakeFormData,
  intakeFieldForIssue,
  intakeInputFromForm,
  parseAttachmentLines,
  renderIntakeForm,
  type IntakeFormView,
} from "../../src/cards/intake.js";
import { CaseInputSchema } from "../../src/domain/case-schema.js";
import { problemsFrom } from "../../src/app/input.js";
import { allActions, allText, checkCard } from "./ac-validate.js";
import { LOCALES } from "./fixtures.js";

const clean = { parseEvents: [], validationFailures: [] };
const HFS = [
  { id: "helse-bergen", name: "Helse Bergen HF", region: "Helse Vest RHF" },
  { id: "helse-stavanger", name: "Helse Stavanger HF", region: "Helse Vest RHF" },
  { id: "ous", name: "Oslo universitetssykehus HF", region: "Helse Sør-Øst RHF" },
];

/** What Teams submits for a filled-in form (strings; toggles "true"/"false"). */
export const FILLED = {
  methodName: "Atezolizumab (Tecentriq) ved hepatocellulært karsinom",
  nyeMetoderId: "ID2023_045",
  beslutningsforumDate: "2025-03-12",
  applyingHfId: "helse-bergen",
  catchmentHfId: "helse-stavanger",
  ground_increasedBenefit: "true",
  reasoning_increasedBenefit: "Publisert studie viser vesentlig bedre respons i en undergruppe med denne biomarkøren.",
  ground_higherSeverity: "false",
  reasoning_higherSeverity: "",
  ground_specialMedicalReasons: "true",
  reasoning_specialMedicalReasons: "Standardbehandling kan ikke gis på grunn av tidligere alvorlige bivirkninger.",
  priorityBenefit: "Forventet gevinst i levetid 1–2 år.",
  prioritySeverity: "Alvorlig, livstruende sykdom.",
  priorityResourceUse: "Om lag 1,2 mill. kr per år.",
  price: "123456",
  treatmentCost: "1 234 567",
  costNote: "Pris fra Sykehusinnkjøp.",
  confidential: "true",
  urgent: "false",
  attachments: "Søknadsskjema | DOK-2026-0412\n\nPublisert studie | https://arkiv.example/dok/123 ",
  approvedByFagdirektor: "true",
  receivedDate: "2026-03-02",
  // What the source requires of an application (issue 13).
  req_patientConsent: "true",
  req_sentByTreatingHfOrRegionalHospital: "true",
  req_clearedWithCatchmentHf: "true",
  req_priceCheckedBySykehusinnkjop: "true",
  req_reviewedWithRegionalHospital: "false",
  req_notMarketedInNorway: "false",
  req_availabilityAndPriceClarified: "false",
  req_reassessment: "false",
} satisfies IntakeFormData;

const view = (o: Partial<IntakeFormView> = {}): IntakeFormView => ({ locale: "nb", hfs: HFS, ...o });

describe("intake form (ny søknad)", () => {
  it.each(LOCALES)("parses cleanly in %s: empty, filled and with errors", (locale) => {
    for (const v of [
      view({ locale }),
      view({ locale, values: FILLED }),
      view({
        locale,
        values: { ...FILLED, price: "tolv" },
        errors: [
          { field: "price", message: "x" },
          { field: "reasoning_higherSeverity", message: "y" },
          { field: "code", message: "z" },
        ],
      }),
      view({ locale, hfs: [] }),
    ]) {
      const card = renderIntakeForm(v);
      expect(checkCard(card)).toEqual(clean);
      expect(JSON.stringify(card)).not.toContain("${");
      expect(cardByteSize(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    }
  });

  it("has an input for every CaseInputSchema field and submits them with registerCase", () => {
    const card = renderIntakeForm(view());
    const ids = new Set<string>();
    const visit = (n: unknown): void => {
      if (Array.isArray(n)) n.forEach(visit);
      else if (n && typeof n === "object") {
        const o = n as Record<string, unknown>;
        if (typeof o.type === "string" && o.type.startsWith("Input.") && typeof o.id === "string") ids.add(o.id);
        Object.values(o).forEach(visit);
      }
    };
    visit(card.body);
    expect([...ids].sort()).toEqual(Object.keys(FILLED).sort());
    const [submit, ...rest] = allActions(card);
    expect(rest).toEqual([]);
    expect(submit).toMatchObject({ type: "Action.Execute", verb: "registerCase" });
    // The submitted inputs parse as a registerCase action.
    expect(parseCardAction("registerCase", { ...FILLED, msteams: {} })).toEqual({ ok: true, action: { verb: "registerCase", ...FILLED } });
  });

  it("shows the source's guidance to applicants and asks what the source requires of an application (issue 13)", () => {
    const text = JSON.stringify(renderIntakeForm(view()));
    expect(text).toContain("Personlige og sosiale forhold vurderes ikke");
    expect(text).toMatch(/Økt nytte må dokumenteres.*publisert artikkel/);
    expect(text).toContain("Pasienten har samtykket");
    expect(text).toContain("Prisen er kontrollert av Sykehusinnkjøp");
    expect(text).toContain("Metoden er til revurdering");
  });

  it("re-shows what was typed and puts each error next to its field, the rest in the banner", () => {
    const card = renderIntakeForm(
      view({
        values: FILLED,
        errors: [
          { field: "methodName", message: "Metodens navn er for langt." },
          { field: "reasoning_specialMedicalReasons", message: "Fjern fødselsnummeret." },
          { field: "form", message: "Noe annet." },
        ],
      }),
    );
    const json = JSON.stringify(card);
    expect(json).toContain(FILLED.reasoning_increasedBenefit);
    expect(json).toContain("Søknadsskjema | DOK-2026-0412");
    const body = card.body as Record<string, unknown>[];
    // Banner first, holding the unplaced error.
    expect(JSON.stringify(body[1])).toContain("Noe annet.");
    expect(JSON.stringify(body[1])).not.toContain("Fjern fødselsnummeret.");
    const text = allText(card).join("\n");
    expect(text).toContain("Metodens navn er for langt.");
    expect(text).toContain("Fjern fødselsnummeret.");
    // The error sits right after its input.
    const flat = JSON.stringify(card);
    expect(flat.indexOf("Fjern fødselsnummeret.")).toBeGreaterThan(flat.indexOf('"id":"reasoning_specialMedicalReasons"'));
    expect(flat).toMatch(/"id":"price","label":"[^"]+","min":0,"errorMessage":"[^"]+","value":123456/);
  });

  it("converts the form into CaseInputSchema input", () => {
    const input = intakeInputFromForm(FILLED);
    const r = CaseInputSchema.safeParse(input);
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data.grounds.map((g) => g.ground)).toEqual(["increasedBenefit", "specialMedicalReasons"]);
    expect(r.data.cost).toEqual({ currency: "NOK", price: 123456, treatmentCost: 1234567, confidential: true, note: "Pris fra Sykehusinnkjøp." });
    expect(r.data.attachments).toEqual([
      { title: "Søknadsskjema", ref: "DOK-2026-0412" },
      { title: "Publisert studie", ref: "https://arkiv.example/dok/123" },
    ]);
    expect(r.data.receivedAt.slice(0, 10)).toBe("2026-03-02");
    expect(r.data.catchmentHfId).toBe("helse-stavanger");
    expect(r.data.urgent).toBe(false);
    expect(r.data.approvedByFagdirektor).toBe(true);
  });

  it("maps CaseInputSchema issues back to the form's fields", () => {
    const input = intakeInputFromForm({ ...FILLED, price: "tolv", attachments: "Bare en tittel", receivedDate: "" });
    const r = CaseInputSchema.safeParse(input);
    expect(r.success).toBe(false);
    if (r.success) return;
    const fields = r.error.issues.map((i) => intakeFieldForIssue(i.path, input)).sort();
    expect(fields).toEqual(["attachments", "price", "receivedDate"]);
    expect(intakeFieldForIssue(["grounds", 1, "reasoning"], input)).toBe("reasoning_specialMedicalReasons");
    expect(intakeFieldForIssue(["grounds"], input)).toBe("grounds");
    expect(intakeFieldForIssue(["code"], input)).toBe("form");
    expect(intakeFieldForIssue(["method", "name"])).toBe("methodName");
  });

  it("puts a fødselsnummer's message on the very field that holds it, also from a problem's dotted path", () => {
    const FNR = "15057543288";
    // Every form field a person can type a number into, and what the fødselsnummer looks like there.
    const fields: [keyof typeof FILLED, string][] = [
      ["methodName", `Metode for ${FNR}`],
      ["nyeMetoderId", FNR],
      ["applyingHfId", FNR],
      ["catchmentHfId", FNR],
      ["reasoning_increasedBenefit", `Pasient ${FNR} har respons`],
      ["reasoning_specialMedicalReasons", `Pasient ${FNR.slice(0, 6)}-${FNR.slice(6)} har respons`],
      ["priorityBenefit", `Gjelder ${FNR}`],
      ["prioritySeverity", `Gjelder ${FNR}`],
      ["priorityResourceUse", `Gjelder ${FNR}`],
      ["costNote", `Gjelder ${FNR}`],
      ["attachments", `Epikrise ${FNR} | DOK-1`],
      ["attachments", `Epikrise | arkiv/${FNR}`],
    ];
    for (const [field, value] of fields) {
      const input = intakeInputFromForm({ ...FILLED, [field]: value });
      const r = CaseInputSchema.safeParse(input);
      expect(r.success, field).toBe(false);
      if (r.success) continue;
      const problems = problemsFrom(r.error, [], input).filter((p) => p.code === "privacy.nationalIdInText");
      expect(problems.length, field).toBeGreaterThan(0);
      // As the Teams handler reads them: dotted paths, split.
      for (const p of problems) expect(intakeFieldForIssue(p.path.split("."), input), `${field} (${p.path})`).toBe(field);
    }
  });

  it("checks the Nye metoder id's format on the form and in the domain, next to its field", () => {
    const card = renderIntakeForm(view());
    let input: { regex?: string; errorMessage?: string } = {};
    JSON.stringify(card, (_k, v) => (v && v.id === "nyeMetoderId" ? (input = v) : v));
    const regex = new RegExp(String(input.regex));
    for (const ok of ["ID2023_045", "ID1999_000"]) expect(regex.test(ok), ok).toBe(true);
    for (const bad of ["ID23_045", "id2023_045", "ID2023-045", "ID2023_45", "2023_045", " ID2023_045x"]) expect(regex.test(bad), bad).toBe(false);
    expect(input.errorMessage).toMatch(/ID2023_045/);
    const wrong = intakeInputFromForm({ ...FILLED, nyeMetoderId: "ID23-45" });
    const r = CaseInputSchema.safeParse(wrong);
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.error.issues.map((i) => [i.message, intakeFieldForIssue(i.path, wrong)])).toEqual([["case.nyeMetoderIdFormat", "nyeMetoderId"]]);
    // Empty is not a format error: the completeness check asks the HF for it.
    expect(CaseInputSchema.safeParse(intakeInputFromForm({ ...FILLED, nyeMetoderId: "" })).success).toBe(true);
  });

  it("leaves out empty optional fields and uses a default received date", () => {
    const input = intakeInputFromForm({ applyingHfId: "ous", ground_higherSeverity: "true" }, { receivedAt: "2026-03-02T09:00:00+01:00" }) as Record<
      string,
      unknown
    >;
    expect(input.catchmentHfId).toBeUndefined();
    expect(input.cost).toEqual({ currency: "NOK", confidential: false });
    expect(input.receivedAt).toBe("2026-03-02T09:00:00+01:00");
    expect(CaseInputSchema.safeParse(input).success).toBe(true);
  });

  it("never throws on hostile form data", () => {
    for (const d of [undefined, null, 42, "x", [], { price: { $ne: 1 } }, Object.create(null), { __proto__: { methodName: "x" } }]) {
      expect(() => intakeInputFromForm(d)).not.toThrow();
    }
    expect(parseAttachmentLines("a|b|c\n | \n")).toEqual([
      { title: "a", ref: "b|c" },
      { title: "", ref: "" },
    ]);
  });
});
