import { describe, expect, it } from "vitest";
import { fieldErrorsOf, SignInSchema, SignUpSchema } from "@/lib/accounts/credentials";

describe("sign-up credentials", () => {
  it("normalises the email", () => {
    expect(
      SignUpSchema.parse({ email: "  Ada@Example.COM ", password: "correct horse" }).email,
    ).toBe("ada@example.com");
  });

  it.each([
    [
      { email: "not-an-email", password: "longenough" },
      { email: "Enter a valid email address, like name@example.com." },
    ],
    [{ email: "a@example.com", password: "short" }, { password: "Use at least 8 characters." }],
    [
      { email: undefined, password: undefined },
      { email: "Enter your email address.", password: "Enter a password." },
    ],
    [
      { email: "a@example.com", password: "x".repeat(257) },
      { password: "Use at most 256 characters." },
    ],
    [
      { email: `${"a".repeat(250)}@example.com`, password: "longenough" },
      { email: "That email address is too long." },
    ],
  ])("explains what is wrong with %j", (input, errors) => {
    const result = SignUpSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(fieldErrorsOf(result.error!)).toEqual(errors);
  });
});

describe("sign-in credentials", () => {
  it("asks for a password without checking its length", () => {
    expect(SignInSchema.safeParse({ email: "a@example.com", password: "short" }).success).toBe(
      true,
    );
    expect(SignInSchema.safeParse({ email: "a@example.com", password: "" }).success).toBe(false);
  });
});
