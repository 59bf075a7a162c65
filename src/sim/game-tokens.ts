import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { newSecret, signJwt, verifyJwt } from './jwt.js';

/**
 * The tokens of one game: a JWT signed with a secret made at each start, written to the token
 * file, and under the separate-performance-token quirk the 64-hex token `/performance` checks.
 */
export class GameTokens {
  jwt = '';
  performanceHex: string | undefined;
  private secret = newSecret();
  private iat = 0;
  private expired = false;
  private readonly file: string | undefined;

  constructor(
    file: string | undefined,
    private readonly ttlSeconds: number,
    private readonly separatePerformanceToken: boolean,
  ) {
    this.file = file ? resolve(file) : undefined;
  }

  /** A (re)start: new secret, so every older token stops working. */
  issue(): void {
    this.secret = newSecret();
    this.expired = false;
    const now = Math.floor(Date.now() / 1000);
    // A restart within the same second must still change iat: clients detect restarts by it.
    this.iat = Math.max(now, this.iat + 1);
    this.jwt = signJwt({ type: 'api_access', iat: this.iat, exp: this.iat + this.ttlSeconds }, this.secret);
    this.performanceHex = this.separatePerformanceToken ? randomBytes(32).toString('hex') : undefined;
    this.writeFile();
  }

  /**
   * The game as if it had run past its token's lifetime: a token with `exp` in the past (same
   * secret, so clients can tell expiry from the separate-token quirk) is served and written, and
   * the token from the start is expired too. Returns the undo.
   */
  expire(): () => void {
    const saved = this.jwt;
    const now = Math.floor(Date.now() / 1000);
    this.jwt = signJwt({ type: 'api_access', iat: now - this.ttlSeconds - 1, exp: now - 1 }, this.secret);
    this.expired = true;
    this.writeFile();
    return () => {
      this.jwt = saved;
      this.expired = false;
      this.writeFile();
    };
  }

  /** Why `token` is refused (the game's console wording), or undefined when it is accepted. */
  refusal(token: string, performance: boolean): string | undefined {
    if (performance && this.performanceHex !== undefined) {
      return token === this.performanceHex ? undefined : 'Invalid API token';
    }
    const check = verifyJwt(token, this.secret, Date.now() / 1000);
    if (!check.ok) return check.reason;
    return this.expired ? 'Token expired' : undefined;
  }

  private writeFile(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    // Written then renamed, so a client re-reading the file never sees half a token.
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, this.jwt, { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
