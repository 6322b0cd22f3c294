// Signed entries: "CTDS", then HMAC-SHA256(secret, entry bytes), then the entry bytes. The entry
// header holds the full key, so a signed entry copied to another key is still refused (a key
// mismatch), and the signature covers every byte, so nothing can be altered or appended.
import { createHmac, timingSafeEqual } from 'node:crypto';

const MAGIC = Buffer.from('CTDS', 'latin1');
const MAC_BYTES = 32;
const SIGNED_HEAD = MAGIC.length + MAC_BYTES;

/** What is stored for `entry`: the entry alone, or signed when there is a secret. */
export function sealed(entry: readonly Uint8Array[], secret: string | undefined): Uint8Array[] {
  if (secret === undefined) return [...entry];
  const mac = createHmac('sha256', secret);
  for (const part of entry) mac.update(part);
  return [MAGIC, mac.digest(), ...entry];
}

/**
 * The entry bytes inside `stored`, or why they are refused. Without a secret the remote is
 * trusted as the local disk is, and a signature is only stripped.
 */
export function unsealed(stored: Buffer, secret: string | undefined): Buffer | string {
  const signed = stored.length >= SIGNED_HEAD && stored.subarray(0, MAGIC.length).equals(MAGIC);
  if (secret === undefined) return signed ? stored.subarray(SIGNED_HEAD) : stored;
  if (!signed) return 'entry is not signed';
  const entry = stored.subarray(SIGNED_HEAD);
  const expected = createHmac('sha256', secret).update(entry).digest();
  return timingSafeEqual(expected, stored.subarray(MAGIC.length, SIGNED_HEAD)) ? entry : 'signature does not match';
}
