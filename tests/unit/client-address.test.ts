import { describe, expect, it } from "vitest";
import { clientAddress, UNKNOWN_CLIENT } from "@/lib/client-address";

// What Next.js 16's server hands the app (measured, see lib/client-address.ts): the socket's
// address when the request has no X-Forwarded-For, the request's own value otherwise.

describe("clientAddress", () => {
  it("reached directly (0 hops): the address Next.js wrote, an IPv4 client seen through a dual-stack socket as IPv4", () => {
    expect(clientAddress("::ffff:127.0.0.1", 0)).toBe("127.0.0.1");
    expect(clientAddress("203.0.113.9", 0)).toBe("203.0.113.9");
  });

  it("behind N proxies that append: the N-th entry from the right, whatever the client put before it", () => {
    expect(clientAddress("203.0.113.9", 1)).toBe("203.0.113.9");
    expect(clientAddress("6.6.6.6, 203.0.113.9", 1)).toBe("203.0.113.9");
    expect(clientAddress("6.6.6.6, 7.7.7.7, 203.0.113.9, 10.0.0.2", 2)).toBe("203.0.113.9");
    // Fewer entries than proxies: as far left as there is.
    expect(clientAddress("203.0.113.9", 3)).toBe("203.0.113.9");
  });

  it("groups an IPv6 client by its /64, which one subscriber can fill with addresses", () => {
    expect(clientAddress("2001:db8:1:2:aaaa::1", 1)).toBe("2001:db8:1:2::/64");
    expect(clientAddress("2001:db8:1:2:ffff:ffff:ffff:ffff", 1)).toBe("2001:db8:1:2::/64");
    expect(clientAddress("2001:db8::1", 1)).toBe("2001:db8:0:0::/64");
    expect(clientAddress("::1", 0)).toBe("0:0:0:0::/64");
  });

  it("reads addresses with ports and brackets", () => {
    expect(clientAddress("203.0.113.9:52311", 1)).toBe("203.0.113.9");
    expect(clientAddress("[2001:db8:1:2::5]:443", 1)).toBe("2001:db8:1:2::/64");
  });

  it.each([
    null,
    undefined,
    "",
    " , ",
    "unknown",
    "evil.example",
    "<script>",
    "999.1.1.1",
    "1.2.3.4, not-an-ip",
  ])("puts what it cannot read (%j) in one shared bucket", (value) => {
    expect(clientAddress(value, 1)).toBe(UNKNOWN_CLIENT);
  });
});
