import { describe, expect, test } from "bun:test";
import { recordMatches } from "./records";
import { parseResolverAddress } from "./resolver-address";

describe("record matching", () => {
  test("names ignore case and the trailing dot", () => {
    expect(recordMatches("CNAME", "Target.Example.com.", "target.example.com")).toBe(true);
  });

  test("AAAA compares canonical addresses", () => {
    expect(recordMatches("AAAA", "2001:DB8:0:0::1", "2001:db8::1")).toBe(true);
  });

  test("MX and SRV match in full or by target", () => {
    expect(recordMatches("MX", "10 MX1.example.com.", "10 mx1.example.com")).toBe(true);
    expect(recordMatches("MX", "mx1.example.com", "10 mx1.example.com")).toBe(true);
    expect(recordMatches("MX", "20 mx1.example.com", "10 mx1.example.com")).toBe(false);
    expect(recordMatches("SRV", "sip.example.com", "0 5 5060 sip.example.com")).toBe(true);
  });
});

describe("resolver addresses", () => {
  test("default to port 53 and bracket IPv6", () => {
    expect(parseResolverAddress("1.1.1.1")).toBe("1.1.1.1:53");
    expect(parseResolverAddress("10.0.0.2:5353")).toBe("10.0.0.2:5353");
    expect(parseResolverAddress("::1")).toBe("[::1]:53");
    expect(parseResolverAddress("[2001:db8::1]:853")).toBe("[2001:db8::1]:853");
    expect(parseResolverAddress("1.1.1.1:")).toBeUndefined();
    expect(parseResolverAddress("ns.example.com")).toBeUndefined();
  });
});
