/** The repositories on one document store: what the composition root hands the use cases. */
import type { Repositories } from "../../app/ports.js";
import type { DocumentStore } from "../document-store.js";
import { activityLedger } from "./activities.js";
import { auditLog } from "./audit.js";
import { caseRepository } from "./cases.js";
import { directory } from "./directory.js";
import { leases } from "./leases.js";
import { documentRepository } from "./documents.js";
import { meetingRepository } from "./meetings.js";
import { minutesRepository } from "./minutes.js";
import { noticeShelf } from "./notices.js";
import { recordRepository } from "./records.js";

export function repositories(store: DocumentStore): Repositories {
  return {
    cases: caseRepository(store),
    meetings: meetingRepository(store),
    records: recordRepository(store),
    minutes: minutesRepository(store),
    audit: auditLog(store),
    directory: directory(store),
    activities: activityLedger(store),
    notices: noticeShelf(store),
    leases: leases(store),
    documents: documentRepository(store),
  };
}
