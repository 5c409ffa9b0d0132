export * from "./actions.js";
export { type AdaptiveCard, CARD_CONTENT_TYPE, MAX_CARD_BYTES, MAX_REFRESH_USERS, cardByteSize } from "./card.js";
export * from "./case-brief.js";
export * from "./agenda.js";
export * from "./attendance.js";
export * from "./notice.js";
