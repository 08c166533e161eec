import { describe, expect, it } from "vitest";
import { accountFormPath, goOnPath } from "@/lib/accounts/form-paths";
import { startsSomething } from "@/lib/connect/starting-routes";

describe("goOnPath: where a signed-in visitor of an account form is sent without a click", () => {
  it("to next when it is a page of this site", () => {
    expect(goOnPath("/connect/history")).toBe("/connect/history");
    expect(goOnPath("/vehicles?connected=1")).toBe("/vehicles?connected=1");
    expect(goOnPath(undefined)).toBe("/");
  });

  it("home when next would start something (a link from another site must not launch Connect)", () => {
    for (const next of [
      "/connect",
      "/connect/",
      "/connect?make=TESLA",
      "/connect#x",
      "/connect/retry?after=oem_cancelled_login",
      "/connect/reauthenticate?vehicle=abc",
      "/connect/callback?user_id=x&state=y",
      "/a/../connect",
      "/%63onnect",
    ]) {
      expect(goOnPath(next), next).toBe("/");
      expect(startsSomething(next), next).toBe(!next.includes(".."));
    }
  });

  it("home for anything that is not a same-origin path", () => {
    expect(goOnPath("//evil.example")).toBe("/");
    expect(goOnPath("https://evil.example/")).toBe("/");
  });
});

describe("accountFormPath", () => {
  it("keeps a safe next and drops the default", () => {
    expect(accountFormPath("sign-in", "/vehicles")).toBe("/sign-in?next=%2Fvehicles");
    expect(accountFormPath("sign-up", "/")).toBe("/sign-up");
    expect(accountFormPath("sign-in", "//evil.example", "signed-up")).toBe(
      "/sign-in?notice=signed-up",
    );
  });
});
