import { describe, expect, test } from "bun:test";
import { lacksPrivilege, parsePingOutput, replyTimes } from "./ping-output";

// Outputs as iputils ping (Debian bookworm) and busybox print them.
const ALL_REPLIES = `PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.
64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.073 ms
64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.053 ms
64 bytes from 127.0.0.1: icmp_seq=3 ttl=64 time=0.050 ms

--- 127.0.0.1 ping statistics ---
3 packets transmitted, 3 received, 0% packet loss, time 409ms
rtt min/avg/max/mdev = 0.050/0.058/0.073/0.010 ms
`;
const SOME_LOST = `PING 10.0.0.9 (10.0.0.9) 56(84) bytes of data.
64 bytes from 10.0.0.9: icmp_seq=2 ttl=63 time=12.4 ms

--- 10.0.0.9 ping statistics ---
4 packets transmitted, 1 received, 75% packet loss, time 3050ms
rtt min/avg/max/mdev = 12.400/12.400/12.400/0.000 ms
`;
const NONE_BACK = `PING 10.255.255.1 (10.255.255.1) 56(84) bytes of data.

--- 10.255.255.1 ping statistics ---
3 packets transmitted, 0 received, 100% packet loss, time 2030ms
`;
const UNREACHABLE = `PING 10.0.0.77 (10.0.0.77) 56(84) bytes of data.
From 10.0.0.1 icmp_seq=1 Destination Host Unreachable

--- 10.0.0.77 ping statistics ---
3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2047ms
`;
const BUSYBOX = `PING 127.0.0.1 (127.0.0.1): 56 data bytes
64 bytes from 127.0.0.1: seq=0 ttl=64 time=0.061 ms

--- 127.0.0.1 ping statistics ---
1 packets transmitted, 1 packets received, 0% packet loss
round-trip min/avg/max = 0.061/0.061/0.061 ms
`;

describe("ping output", () => {
  test("a clean run", () => {
    expect(parsePingOutput(ALL_REPLIES)).toEqual({
      transmitted: 3,
      received: 3,
      packetLossPercent: 0,
      rtt: { minMs: 0.05, avgMs: 0.058, maxMs: 0.073 },
      replyTimesMs: [0.073, 0.053, 0.05],
    });
  });

  test("partial loss keeps the round trips of the replies that came", () => {
    expect(parsePingOutput(SOME_LOST)).toMatchObject({ transmitted: 4, received: 1, packetLossPercent: 75, rtt: { avgMs: 12.4 }, replyTimesMs: [12.4] });
  });

  test("total loss and ICMP errors have no round trips", () => {
    expect(parsePingOutput(NONE_BACK)).toEqual({ transmitted: 3, received: 0, packetLossPercent: 100, replyTimesMs: [] });
    expect(parsePingOutput(UNREACHABLE)).toEqual({ transmitted: 3, received: 0, packetLossPercent: 100, replyTimesMs: [] });
  });

  test("busybox's wording", () => {
    expect(parsePingOutput(BUSYBOX)).toMatchObject({ transmitted: 1, received: 1, packetLossPercent: 0, rtt: { minMs: 0.061, avgMs: 0.061, maxMs: 0.061 } });
  });

  test("no summary when ping failed before sending", () => {
    expect(parsePingOutput("")).toBeUndefined();
    expect(replyTimes("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.07 ms\n")).toEqual([0.07]);
  });

  test("recognises a missing privilege", () => {
    expect(lacksPrivilege("ping: socktype: SOCK_RAW\nping: socket: Operation not permitted\nping: => missing cap_net_raw+p capability or setuid?\n")).toBe(true);
    expect(lacksPrivilege("ping: socket: Permission denied")).toBe(true);
    expect(lacksPrivilege("ping: 127.0.0.1: Address family for hostname not supported")).toBe(false);
  });
});
