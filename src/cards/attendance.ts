/** The attendance card (oppmøte): who of the members and substitutes is present; check in / out. */
import type { AttendanceMark } from "../domain/meeting.js";
import { t, type Locale } from "../i18n/index.js";
import { type AdaptiveCard, clip, refreshUserIds } from "./card.js";
import { fitCard } from "./fit.js";
import template from "./templates/attendance.json" with { type: "json" };

export interface AttendanceMember {
  name: string;
  role: "member" | "substitute"; // medlem | vararepresentant
  hfName: string;
  present: boolean;
  source?: AttendanceMark["source"]; // how the latest mark was made
}

export interface AttendanceView {
  locale: Locale;
  meetingId: string;
  members: AttendanceMember[];
  /** Members present, against the committee's seats (8); substitutes present are counted apart (they fill a seat only in place of their member). */
  membersPresent: number;
  seats: number;
  substitutesPresent: number;
  /** canCheckIn: the viewer is a member or substitute; present: their own latest mark. */
  viewer: { canCheckIn: boolean; present: boolean };
  refreshUserIds: string[];
  /** Issue 13: who answered *Jeg kommer* to the papers (or accepted to stand in) and has not joined (names). */
  expectedNotJoined?: string[];
}

const LIMITS = [
  { text: 120, rows: 80 },
  { text: 60, rows: 50 },
  { text: 30, rows: 30 },
];

export function renderAttendance(view: AttendanceView): AdaptiveCard {
  return fitCard(template, LIMITS, (limit) => attendanceData(view, limit), { locale: view.locale, title: () => t(view.locale, "attendance.title") });
}

function attendanceData(view: AttendanceView, limit: { text: number; rows: number }): Record<string, unknown> {
  const L = view.locale;
  const short = (s: string) => clip(s ?? "", limit.text).text;
  const members = view.members.slice(0, limit.rows).map((m) => ({
    name: short(m.name),
    detail: t(L, "attendance.memberLine", { role: t(L, `role.${m.role}`), hf: short(m.hfName) }),
    presenceLabel: m.present ? `✓ ${t(L, "attendance.present")}` : t(L, "attendance.absent"),
    presenceColor: m.present ? "Good" : "Default",
    presenceWeight: m.present ? "Bolder" : "Default",
    presenceSubtle: !m.present,
    hasSource: m.present && m.source !== undefined,
    sourceLabel: m.source ? t(L, `attendance.source.${m.source}`) : "",
  }));
  const { canCheckIn, present } = view.viewer;
  return {
    meetingId: view.meetingId,
    refreshUserIds: refreshUserIds(view.refreshUserIds),
    title: t(L, "attendance.title"),
    subtitle: t(L, "attendance.subtitle", { meetingId: short(view.meetingId) }),
    presentCountText: [
      t(L, "attendance.presentCount", { count: count(view.membersPresent), seats: count(view.seats) }),
      ...(view.substitutesPresent > 0 ? [t(L, "attendance.substitutesPresent", { count: count(view.substitutesPresent) })] : []),
    ].join(" · "),
    showViewerStatus: canCheckIn,
    viewerStatus: present ? { text: `✓ ${t(L, "attendance.youArePresent")}`, style: "good" } : { text: t(L, "attendance.youAreAbsent"), style: "warning" },
    isEmpty: members.length === 0,
    emptyText: t(L, "attendance.empty"),
    members,
    showCheckIn: canCheckIn && !present,
    checkInLabel: t(L, "attendance.checkIn"),
    showCheckOut: canCheckIn && present,
    checkOutLabel: t(L, "attendance.checkOut"),
    hasExpectedNotJoined: (view.expectedNotJoined ?? []).length > 0,
    expectedNotJoinedText: `${t(L, "attendance.expectedNotJoined")}: ${(view.expectedNotJoined ?? [])
      .slice(0, limit.rows)
      .map((n) => short(n))
      .join(", ")}`,
  };
}

function count(n: number): string {
  return Number.isFinite(n) ? String(Math.max(0, Math.trunc(n))) : "0";
}
