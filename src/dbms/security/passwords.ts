// Password hashing: scrypt from node:crypto with a random salt per password, compared in constant
// time. The parameters are stored with each hash so they can be raised later without a migration.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface PasswordHash {
  readonly salt: string;
  readonly hash: string;
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 64 } as const;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, SCRYPT.keylen, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** A fresh hash of `password`. */
export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p);
  return { salt: salt.toString('base64'), hash: hash.toString('base64'), N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p };
}

/** Whether `password` matches `h`; without `h`, does the same work and answers false (timing). */
export async function verifyPassword(password: string, h: PasswordHash | undefined): Promise<boolean> {
  if (h === undefined) {
    await derive(password, DUMMY_SALT, SCRYPT.N, SCRYPT.r, SCRYPT.p);
    return false;
  }
  const expected = Buffer.from(h.hash, 'base64');
  const actual = await derive(password, Buffer.from(h.salt, 'base64'), h.N, h.r, h.p);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const DUMMY_SALT = randomBytes(16);

/** A random password for the generated admin: 24 characters from an unambiguous alphabet. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(24);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}
