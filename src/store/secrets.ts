import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Workspace tokens at rest: AES-256-GCM (node:crypto) with a random 96-bit IV per value, its 128-bit tag, and the
 * row's identity as additional authenticated data, so a value copied into another workspace's row (or another
 * column) fails to open instead of handing one workspace another's token. The key comes from the environment;
 * each row records the id of the key that sealed it, and older keys stay readable for rotation.
 */

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The envelope's version: a later format gets another prefix, and this one stays readable. */
const FORMAT = "v1";

/** 32 bytes as 64 hex digits, or as base64 / base64url (44 characters with its `=`, or 43 without). */
export function parseKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, "hex");
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) return undefined;
  const bytes = Buffer.from(t.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return bytes.length === KEY_BYTES ? bytes : undefined;
}

/** A short public name for a key (a hash of it, never the key): stored per row to say which key opens it. */
export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update("vram-advisor token key\0").update(key).digest("hex").slice(0, 12);
}

/** A sealed value that cannot be opened: wrong or unknown key, tampered with, or moved from its row. */
export class TokenDecryptError extends Error {
  readonly code = "vram_token_undecryptable";
}

const b64 = (b: Buffer): string => b.toString("base64url");

export class TokenCipher {
  /** The key new values are sealed with. */
  readonly currentKeyId: string;
  private readonly keys = new Map<string, Buffer>();

  /** `current` seals and opens; each of `previous` only opens (values sealed before a rotation). */
  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    for (const key of [current, ...previous]) {
      if (key.length !== KEY_BYTES) throw new Error(`a token key must be ${KEY_BYTES} bytes`);
      this.keys.set(keyIdOf(key), key);
    }
    this.currentKeyId = keyIdOf(current);
  }

  /** From TOKEN_ENCRYPTION_KEY and TOKEN_ENCRYPTION_KEYS_OLD as the config has checked them. */
  static fromText(current: string, previous: readonly string[] = []): TokenCipher {
    const parse = (t: string): Buffer => {
      const key = parseKey(t);
      if (!key) throw new Error("a token key must be 32 bytes as base64 or 64 hex characters");
      return key;
    };
    return new TokenCipher(parse(current), previous.map(parse));
  }

  /** Whether a row sealed under `keyId` can be opened here. */
  knows(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  /** `v1.<iv>.<tag>.<ciphertext>` (base64url), sealed under the current key and bound to `aad`. */
  seal(plaintext: string, aad: string): string {
    const key = this.keys.get(this.currentKeyId) as Buffer;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [FORMAT, b64(iv), b64(cipher.getAuthTag()), b64(body)].join(".");
  }

  /** The plaintext of a value `seal` made under `keyId` with this same `aad`; TokenDecryptError otherwise. */
  open(sealed: string, keyId: string, aad: string): string {
    const key = this.keys.get(keyId);
    if (!key) {
      throw new TokenDecryptError(
        `sealed under key ${keyId}, which is neither TOKEN_ENCRYPTION_KEY nor in TOKEN_ENCRYPTION_KEYS_OLD`,
      );
    }
    const [format, iv, tag, body, ...rest] = sealed.split(".");
    if (format !== FORMAT || iv === undefined || tag === undefined || body === undefined || rest.length > 0) {
      throw new TokenDecryptError("not a sealed token (unknown format)");
    }
    const ivBytes = Buffer.from(iv, "base64url");
    const tagBytes = Buffer.from(tag, "base64url");
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
      throw new TokenDecryptError("not a sealed token (bad IV or tag length)");
    }
    try {
      // The tag length is pinned: GCM would otherwise accept a truncated tag, which is far easier to forge.
      const decipher = createDecipheriv("aes-256-gcm", key, ivBytes, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(aad, "utf8"));
      decipher.setAuthTag(tagBytes);
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      // Node says only "Unsupported state or unable to authenticate data"; the cause is one of these three.
      throw new TokenDecryptError(
        `does not authenticate under key ${keyId} (wrong key, tampered, or moved from its row)`,
      );
    }
  }
}
