import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyIdOf, parseKey, TokenCipher, TokenDecryptError } from "../../src/store/secrets.js";

const TOKEN = "xoxb-1234-5678-abcdefghijklmnop";
const AAD = "vram-advisor/installations/T0AAA/bot_token";

/** Flip one bit of one base64url part of a sealed value (1 = IV, 2 = tag, 3 = ciphertext). */
function flip(sealed: string, part: 1 | 2 | 3): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[part]!, "base64url");
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
}

describe("token keys from the environment", () => {
  it("reads 32 bytes as base64 (openssl rand -base64 32), base64url or 64 hex characters", () => {
    const key = randomBytes(32);
    expect(parseKey(key.toString("base64"))).toEqual(key);
    expect(parseKey(key.toString("base64url"))).toEqual(key);
    expect(parseKey(key.toString("hex"))).toEqual(key);
    expect(parseKey(` ${key.toString("hex").toUpperCase()}\n`)).toEqual(key);
  });

  it("refuses anything that is not exactly 32 bytes", () => {
    for (const bad of [
      "",
      "secret",
      randomBytes(16).toString("base64"),
      randomBytes(31).toString("hex"),
      randomBytes(33).toString("base64"),
      randomBytes(48).toString("base64"),
      `${"z".repeat(63)}!`,
    ]) {
      expect(parseKey(bad), bad).toBeUndefined();
    }
  });

  it("names a key by a hash that neither reveals it nor changes", () => {
    const key = randomBytes(32);
    expect(keyIdOf(key)).toMatch(/^[0-9a-f]{12}$/);
    expect(keyIdOf(key)).toBe(keyIdOf(Buffer.from(key)));
    expect(keyIdOf(key)).not.toBe(keyIdOf(randomBytes(32)));
    expect(key.toString("hex")).not.toContain(keyIdOf(key));
  });
});

describe("sealing tokens with AES-256-GCM", () => {
  const key = randomBytes(32);
  const cipher = new TokenCipher(key);

  it("round-trips, with a fresh IV each time and no trace of the token in the sealed text", () => {
    const a = cipher.seal(TOKEN, AAD);
    const b = cipher.seal(TOKEN, AAD);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toContain("xoxb");
    expect(Buffer.from(a.split(".")[3]!, "base64url").toString("latin1")).not.toContain("xoxb");
    expect(cipher.open(a, cipher.currentKeyId, AAD)).toBe(TOKEN);
    expect(cipher.open(b, cipher.currentKeyId, AAD)).toBe(TOKEN);
    expect(cipher.open(cipher.seal("", AAD), cipher.currentKeyId, AAD)).toBe("");
    expect(cipher.open(cipher.seal("ünïcødé ✓", AAD), cipher.currentKeyId, AAD)).toBe("ünïcødé ✓");
  });

  it("does not open under the wrong key, even one given the same id", () => {
    const sealed = cipher.seal(TOKEN, AAD);
    const other = new TokenCipher(randomBytes(32));
    expect(() => other.open(sealed, cipher.currentKeyId, AAD)).toThrow(TokenDecryptError);
    expect(() => other.open(sealed, cipher.currentKeyId, AAD)).toThrow(/neither TOKEN_ENCRYPTION_KEY nor/);
    expect(() => other.open(sealed, other.currentKeyId, AAD)).toThrow(/does not authenticate/);
  });

  it("detects a tampered IV, tag or ciphertext, a truncated tag and a mangled envelope", () => {
    const sealed = cipher.seal(TOKEN, AAD);
    for (const part of [1, 2, 3] as const) {
      expect(() => cipher.open(flip(sealed, part), cipher.currentKeyId, AAD)).toThrow(TokenDecryptError);
    }
    const [v, iv, tag, body] = sealed.split(".");
    const shortTag = Buffer.from(tag!, "base64url").subarray(0, 12).toString("base64url");
    expect(() => cipher.open([v, iv, shortTag, body].join("."), cipher.currentKeyId, AAD)).toThrow(/tag length/);
    expect(() => cipher.open(`v2.${iv}.${tag}.${body}`, cipher.currentKeyId, AAD)).toThrow(/unknown format/);
    expect(() => cipher.open(`${sealed}.x`, cipher.currentKeyId, AAD)).toThrow(/unknown format/);
    expect(() => cipher.open(TOKEN, cipher.currentKeyId, AAD)).toThrow(TokenDecryptError);
  });

  it("binds each value to its workspace: moved to another team's row (or column), it does not open", () => {
    const sealed = cipher.seal(TOKEN, AAD);
    expect(() => cipher.open(sealed, cipher.currentKeyId, "vram-advisor/installations/T0BBB/bot_token")).toThrow(
      TokenDecryptError,
    );
    expect(() => cipher.open(sealed, cipher.currentKeyId, "vram-advisor/installations/T0AAA/user_token")).toThrow(
      TokenDecryptError,
    );
  });

  it("keeps reading values sealed under a previous key after a rotation, and seals new ones under the new key", () => {
    const oldKey = randomBytes(32);
    const before = new TokenCipher(oldKey);
    const sealedBefore = before.seal(TOKEN, AAD);
    const after = new TokenCipher(randomBytes(32), [oldKey]);
    expect(after.currentKeyId).not.toBe(before.currentKeyId);
    expect(after.knows(before.currentKeyId)).toBe(true);
    expect(after.open(sealedBefore, before.currentKeyId, AAD)).toBe(TOKEN);
    const resealed = after.seal(TOKEN, AAD);
    expect(after.open(resealed, after.currentKeyId, AAD)).toBe(TOKEN);
    // The old key alone cannot read what the new one sealed; once the old key is dropped, its values are lost.
    expect(() => before.open(resealed, after.currentKeyId, AAD)).toThrow(TokenDecryptError);
    const dropped = new TokenCipher(randomBytes(32));
    expect(dropped.knows(before.currentKeyId)).toBe(false);
  });

  it("builds from the environment's text and refuses keys of the wrong size", () => {
    const current = randomBytes(32);
    const old = randomBytes(32);
    const c = TokenCipher.fromText(current.toString("base64"), [old.toString("hex")]);
    expect(c.currentKeyId).toBe(keyIdOf(current));
    expect(c.knows(keyIdOf(old))).toBe(true);
    expect(() => TokenCipher.fromText("too-short")).toThrow(/32 bytes/);
    expect(() => new TokenCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});
