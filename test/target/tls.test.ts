import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGameTarget } from '../../src/target/game-target.js';
import type { GameTarget, TargetConfig } from '../../src/target/types.js';
import { captureLogger, listenOn, targetConfig, tempDir, type Loopback } from './helpers.js';

const godotBody = readFileSync(new URL('../fixtures/contract/performance.godot.json', import.meta.url));
const DAY = 86_400_000;

async function makeCa(name: string, notAfter: Date) {
  return generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true },
    ],
  });
}

async function makeLeaf(ca: { private: string; cert: string }, notBefore: Date, notAfter: Date) {
  return generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
}

describe('https targets', () => {
  // The CA expires before its leaf, so "earliest in the chain" is the CA's notAfter, not the leaf's.
  const caNotAfter = new Date(Math.floor((Date.now() + 10 * DAY) / 1000) * 1000);
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let good: Loopback;
  let expired: Loopback;
  let caFile: string;
  let otherCaFile: string;
  const targets: GameTarget[] = [];
  const target = (config: TargetConfig) => {
    const t = createGameTarget(config);
    targets.push(t);
    return t;
  };

  beforeAll(async () => {
    tmp = await tempDir();
    const ca = await makeCa('SpaceTime test CA', caNotAfter);
    const other = await makeCa('Some other CA', new Date(Date.now() + 100 * DAY));
    const leaf = await makeLeaf(ca, new Date(Date.now() - DAY), new Date(Date.now() + 300 * DAY));
    const old = await makeLeaf(ca, new Date(Date.now() - 10 * DAY), new Date(Date.now() - DAY));
    caFile = tmp.path('ca.pem');
    otherCaFile = tmp.path('other-ca.pem');
    await writeFile(caFile, ca.cert);
    await writeFile(otherCaFile, other.cert);
    const handler = (_req: unknown, res: ServerResponse) =>
      res.writeHead(200, { 'Content-Type': 'text/html', Connection: 'close' }).end(godotBody);
    good = await listenOn(createServer({ key: leaf.private, cert: leaf.cert }, handler), 'https');
    expired = await listenOn(createServer({ key: old.private, cert: old.cert }, handler), 'https');
  });

  afterAll(async () => {
    await Promise.all(targets.map((t) => t.close()));
    await good?.stop();
    await expired?.stop();
    await tmp?.remove();
  });

  it('trusts a custom CA file and records the earliest notAfter of the chain', async () => {
    const t = target(targetConfig(good.url, { tls: { caFile } }));
    expect(t.tlsCertificateExpiry()).toBeUndefined();
    const result = await t.poll();
    expect(result.ok && result.sample.engine.fps).toBe(90);
    expect(t.tlsCertificateExpiry()).toBe(caNotAfter.getTime() / 1000);
  });

  it('without that CA the certificate is a tls_error with the reason', async () => {
    const result = await target(targetConfig(good.url)).poll();
    expect(!result.ok && result.failure.kind).toBe('tls_error');
    expect(!result.ok && result.failure.message).toMatch(
      /TLS: UNABLE_TO_VERIFY_LEAF_SIGNATURE|TLS: UNABLE_TO_GET_ISSUER/,
    );
  });

  it('a wrong CA file is a tls_error', async () => {
    const result = await target(targetConfig(good.url, { tls: { caFile: otherCaFile } })).poll();
    expect(!result.ok && result.failure.kind).toBe('tls_error');
  });

  it('an expired certificate is a tls_error naming it', async () => {
    const result = await target(targetConfig(expired.url, { tls: { caFile } })).poll();
    expect(!result.ok && result.failure).toMatchObject({
      kind: 'tls_error',
      message: expect.stringMatching(/CERT_HAS_EXPIRED/),
    });
  });

  it('insecure: true accepts any certificate, says so in the log, and still records the expiry', async () => {
    const log = captureLogger();
    const t = createGameTarget(targetConfig(expired.url, { tls: { insecure: true } }), {
      logger: log.logger,
    });
    targets.push(t);
    expect(log.lines.join('')).toMatch(/verification is disabled/);
    expect((await t.poll()).ok).toBe(true);
    expect(t.tlsCertificateExpiry()).toBeLessThan(Date.now() / 1000);
  });

  it('an unreadable CA file is a tls_error naming the file', async () => {
    const result = await target(targetConfig(good.url, { tls: { caFile: tmp.path('missing.pem') } })).poll();
    expect(!result.ok && result.failure).toMatchObject({
      kind: 'tls_error',
      message: expect.stringMatching(/cannot read CA file .*missing\.pem: ENOENT/),
    });
  });
});
