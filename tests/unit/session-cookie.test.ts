import { describe, expect, it } from "vitest";
import { sessionCookieFor } from "@/lib/session-cookie";

describe("the session cookie's name and Secure flag", () => {
  it("is __Host- prefixed and Secure whenever the app is served over https, in any NODE_ENV", () => {
    for (const isProduction of [true, false])
      expect(sessionCookieFor("https://app.example.com", isProduction)).toEqual({
        name: "__Host-sc_session",
        secure: true,
      });
  });

  it("over plain http: no prefix (it needs Secure); Secure in production only", () => {
    expect(sessionCookieFor("http://localhost:3000", false)).toEqual({
      name: "sc_session",
      secure: false,
    });
    expect(sessionCookieFor("http://localhost:3000", true)).toEqual({
      name: "sc_session",
      secure: true,
    });
  });
});
