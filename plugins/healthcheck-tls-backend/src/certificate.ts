import type { PeerCertificate, TLSSocket } from "node:tls";

const DAY_MS = 86_400_000;

export interface CertificateFacts {
  /** Whole days left, rounded down: a certificate expiring in 13.9 days has 13 left. Negative once expired. */
  daysUntilExpiry: number;
  validFrom: string;
  validTo: string;
  subject: string;
  issuer: string;
  subjectAltNames: string[];
  serialNumber: string;
  fingerprint256: string;
  chainValid: boolean;
  authorizationError: string | null;
  protocol: string | null;
}

export function describeCertificate(socket: TLSSocket, certificate: PeerCertificate, now = Date.now()): CertificateFacts {
  const validTo = new Date(certificate.valid_to);
  return {
    daysUntilExpiry: Math.floor((validTo.getTime() - now) / DAY_MS),
    validFrom: new Date(certificate.valid_from).toISOString(),
    validTo: validTo.toISOString(),
    subject: distinguishedName(certificate.subject),
    issuer: distinguishedName(certificate.issuer),
    subjectAltNames: certificate.subjectaltname ? certificate.subjectaltname.split(/,\s*/) : [],
    serialNumber: certificate.serialNumber,
    fingerprint256: certificate.fingerprint256,
    chainValid: socket.authorized,
    authorizationError: authorizationError(socket),
    protocol: socket.getProtocol(),
  };
}

/** "CN=example.com, O=Example": readable, and what people search for in assertions. */
function distinguishedName(name: PeerCertificate["subject"] | undefined): string {
  if (!name) return "";
  return Object.entries(name)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join("+") : String(value)}`)
    .join(", ");
}

/** Typed as an Error, but Node and Bun set the OpenSSL code string (e.g. "CERT_HAS_EXPIRED"). */
function authorizationError(socket: TLSSocket): string | null {
  const reason: unknown = socket.authorizationError;
  if (reason === undefined || reason === null) return null;
  if (reason instanceof Error) return reason.message;
  return String(reason);
}
