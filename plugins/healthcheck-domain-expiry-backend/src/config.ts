import { HOSTNAME_PATTERN } from "@checkstack/healthcheck-common/strategy-kit";
import { domainToASCII } from "node:url";
import { z } from "zod";

export const domainExpiryCheckConfigSchema = z
  .object({
    domain: z
      .string()
      .trim()
      .toLowerCase()
      .transform((domain) => domainToASCII(domain.replace(/\.$/, "")) || domain)
      .refine((domain) => HOSTNAME_PATTERN.test(domain) && domain.includes("."), "domain must be a registered domain name such as example.com")
      .describe("The registered domain to look up, e.g. example.com (internationalized names are converted to punycode)."),
    rdapBaseUrl: z
      .url({ protocol: /^https?$/, error: "rdapBaseUrl must be an absolute http:// or https:// URL" })
      .optional()
      .describe("The RDAP server to ask (the lookup is <rdapBaseUrl>/domain/<domain>). When left out it is found through the IANA bootstrap registry for the domain's TLD."),
    warnDays: z
      .int("warnDays must be a whole number of days")
      .min(0, "warnDays cannot be negative")
      .max(3650)
      .default(30)
      .describe("Below this many days left the result is marked expiryStatus \"warning\" (still healthy; assert on it to alert)."),
    criticalDays: z
      .int("criticalDays must be a whole number of days")
      .min(0, "criticalDays cannot be negative")
      .max(3650)
      .default(7)
      .describe("Below this many days left (or once expired) the check is unhealthy, expiryStatus \"critical\"."),
  })
  .superRefine((config, ctx) => {
    if (config.criticalDays > config.warnDays) {
      ctx.addIssue({ code: "custom", path: ["criticalDays"], message: "criticalDays cannot exceed warnDays" });
    }
  });

export type DomainExpiryCheckConfig = z.output<typeof domainExpiryCheckConfigSchema>;
