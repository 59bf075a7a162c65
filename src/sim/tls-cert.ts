import { generate } from 'selfsigned';

export interface TlsMaterial {
  key: string;
  cert: string;
  notAfter: Date;
}

/** A self-signed certificate for 127.0.0.1/localhost that expires `days` from now. */
export async function certificateExpiringIn(days: number): Promise<TlsMaterial> {
  const now = Date.now();
  const notAfter = new Date(now + days * 86_400_000);
  const pems = await generate([{ name: 'commonName', value: 'SpaceTime simulator' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 86_400_000),
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert, notAfter };
}
