/**
 * "Åpne i Møtemappe": the link the case brief and the papers carry to the case
 * in the meeting book tab. In Teams it is a deep link to the personal tab's
 * entity with the case code as the subEntityId (the page reads it from the
 * Teams context, `page.subPageId`):
 *
 *   https://teams.microsoft.com/l/entity/<Teams app id>/<entityId>?webUrl=…&label=…&context={"subEntityId":"<case>"}
 *
 * (learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/deep-link-application).
 * The link carries only the case code: the tab decides what the reader may see.
 * Locally (no Teams, no tabs in the Agents Playground) it is the tab's page on
 * loopback, which opens in the browser as the launcher's current person.
 * Without a Teams app id and a public address, or a local address, there is no link.
 */
import { TAB_ENTITY_ID, TAB_PAGE_PATH } from "../http/tab-page.js";

export type BookLink = (caseCode: string) => string | undefined;

export function bookLinker(opts: { teamsAppId?: string; publicBaseUrl?: string; localBaseUrl?: () => string | undefined; label: string }): BookLink {
  return (caseCode) => {
    if (!/^TO-\d{4}-\d{3}$/.test(caseCode)) return undefined;
    if (opts.teamsAppId && opts.publicBaseUrl) {
      const webUrl = `${opts.publicBaseUrl}${TAB_PAGE_PATH}?case=${encodeURIComponent(caseCode)}`;
      const query = [
        `webUrl=${encodeURIComponent(webUrl)}`,
        `label=${encodeURIComponent(opts.label)}`,
        `context=${encodeURIComponent(JSON.stringify({ subEntityId: caseCode }))}`,
      ].join("&");
      return `https://teams.microsoft.com/l/entity/${encodeURIComponent(opts.teamsAppId)}/${TAB_ENTITY_ID}?${query}`;
    }
    const local = opts.localBaseUrl?.();
    return local ? `${local}${TAB_PAGE_PATH}?case=${encodeURIComponent(caseCode)}` : undefined;
  };
}
