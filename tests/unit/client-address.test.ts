import { describe, expect, it } from "vitest";
import { clientAddress, UNKNOWN_CLIENT } from "@/lib/client-address";

// What the app's server hands it (scripts/socket-address.mjs): whatever X-Forwarded-For the request
// brought, then the socket's address, always last.

describe("clientAddress", () => {
  it("reached directly (0 hops): the socket's address whatever the request wrote, an IPv4 client seen through a dual-stack socket as IPv4", () => {
    expect(clientAddress("::ffff:127.0.0.1", 0)).toBe("127.0.0.1");
    expect(clientAddress("203.0.113.9", 0)).toBe("203.0.113.9");
    expect(clientAddress("1.2.3.4, ::ffff:203.0.113.9", 0)).toBe("203.0.113.9");
    expect(clientAddress("6.6.6.6, 7.7.7.7, 203.0.113.9", 0)).toBe("203.0.113.9");
  });

  it("behind N proxies that append: N entries left of the socket's, whatever the client put before it", () => {
    expect(clientAddress("203.0.113.9, 10.0.0.1", 1)).toBe("203.0.113.9");
    expect(clientAddress("6.6.6.6, 203.0.113.9, 10.0.0.1", 1)).toBe("203.0.113.9");
    expect(clientAddress("6.6.6.6, 7.7.7.7, 203.0.113.9, 10.0.0.2, 10.0.0.1", 2)).toBe(
      "203.0.113.9",
    );
    // Fewer entries than proxies: as far left as there is.
    expect(clientAddress("203.0.113.9, 10.0.0.1", 3)).toBe("203.0.113.9");
  });

  it("groups an IPv6 client by its /64, which one subscriber can fill with addresses", () => {
    expect(clientAddress("2001:db8:1:2:aaaa::1", 0)).toBe("2001:db8:1:2::/64");
    expect(clientAddress("2001:db8:1:2:ffff:ffff:ffff:ffff", 0)).toBe("2001:db8:1:2::/64");
    expect(clientAddress("2001:db8::1", 0)).toBe("2001:db8:0:0::/64");
    expect(clientAddress("::1", 0)).toBe("0:0:0:0::/64");
  });

  it("reads addresses with ports and brackets", () => {
    expect(clientAddress("203.0.113.9:52311", 0)).toBe("203.0.113.9");
    expect(clientAddress("[2001:db8:1:2::5]:443", 0)).toBe("2001:db8:1:2::/64");
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
    expect(clientAddress(value, 0)).toBe(UNKNOWN_CLIENT);
  });
});
