import { $ } from "bun";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCertificate {
  cert: string;
  key: string;
}

/** A throwaway self-signed certificate for "localhost" and 127.0.0.1, made with the openssl CLI. */
export async function createSelfSignedCertificate(days: number): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), "checkstack-test-cert-"));
  const keyPath = join(dir, "key.pem");
  const certPath = join(dir, "cert.pem");
  try {
    // EC keys generate instantly, unlike RSA, which keeps the tests fast.
    await $`openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ${keyPath} -out ${certPath} -days ${days} -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1`.quiet();
    return { cert: await readFile(certPath, "utf8"), key: await readFile(keyPath, "utf8") };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
