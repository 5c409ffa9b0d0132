/**
 * Precedents in every brief (issue 15): the earlier decisions on the same
 * method, read with one query (src/app/ports.ts RecordRepository.onMethod)
 * and shaped by the pure rule in src/domain/precedents.ts.
 */
import type { Case } from "../domain/case.js";
import { precedentsFor, type Precedents } from "../domain/precedents.js";
import type { AppServices } from "./services.js";

/** The earlier decisions on this case's method, as of `asOf` (the take-up, or now). */
export async function precedentsOfCase(svc: Pick<AppServices, "records">, theCase: Pick<Case, "id" | "method">, asOf: string): Promise<Precedents> {
  return precedentsFor(theCase.id, asOf, await svc.records.onMethod(theCase.method.nyeMetoderId));
}
