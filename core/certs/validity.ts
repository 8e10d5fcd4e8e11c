/** Where "now" falls in a certificate's validity window, in whole days (as humans plan renewals). */
import type { CertificateFacts } from "./certificate.js";

export const DAY_MS = 24 * 60 * 60 * 1000;

export type Validity =
  /** `days` since notAfter. */
  | { status: "expired"; days: number }
  /** `days` until notBefore. */
  | { status: "not-yet-valid"; days: number }
  /** `days` left until notAfter, within the warning window. */
  | { status: "expiring"; days: number }
  | { status: "valid"; days: number };

/** Like Go's crypto/x509 (and `openssl verify`): valid from notBefore through notAfter, both inclusive. */
export function validityAt(facts: Pick<CertificateFacts, "notBefore" | "notAfter">, now: Date, warnWithinDays: number): Validity {
  const t = now.getTime();
  const notBefore = facts.notBefore.getTime();
  const notAfter = facts.notAfter.getTime();
  if (t > notAfter) return { status: "expired", days: Math.floor((t - notAfter) / DAY_MS) };
  if (t < notBefore) return { status: "not-yet-valid", days: Math.floor((notBefore - t) / DAY_MS) };
  const days = Math.floor((notAfter - t) / DAY_MS);
  return { status: (notAfter - t) <= warnWithinDays * DAY_MS ? "expiring" : "valid", days };
}

/** `2026-01-31T12:00:00Z`: ISO 8601, to the second (certificates carry no milliseconds). */
export function isoDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
