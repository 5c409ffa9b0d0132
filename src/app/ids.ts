/**
 * Document ids built from outside strings (Teams conversation and activity
 * ids): Cosmos DB forbids / \ ? # in ids and caps them at 255 characters, so
 * such parts are encoded, and hashed when long.
 */
import { createHash } from "node:crypto";

export function idPart(raw: string): string {
  const encoded = encodeURIComponent(raw);
  return encoded.length <= 120 ? encoded : `h-${createHash("sha256").update(raw).digest("hex").slice(0, 40)}`;
}
