import { z } from "zod";
import { dnsNameSchema } from "./host-schema";
import { resolverAddressSchema } from "./resolver-address";

export const RECORD_TYPES = ["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV"] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export const dnsCheckConfigSchema = z.object({
  hostname: dnsNameSchema,
  recordType: z.enum(RECORD_TYPES, `recordType must be one of ${RECORD_TYPES.join(", ")}`).default("A"),
  /** A specific server to ask; the system's resolvers (/etc/resolv.conf) when absent. */
  resolver: resolverAddressSchema.optional(),
  /**
   * Values the answer must contain, in the form metadata.records reports them
   * (see record-format.ts): all of them, or at least one. Without it any
   * non-empty answer is healthy.
   */
  expected: z
    .object({
      values: z.array(z.string().trim().min(1, "expected values cannot be empty")).min(1, "list at least one expected value"),
      match: z.enum(["all", "any"], 'match must be "all" or "any"').default("all"),
    })
    .optional(),
});

export type DnsCheckConfig = z.output<typeof dnsCheckConfigSchema>;
