import "server-only";
import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 8;
// Long enough for any passphrase, short enough that hashing it costs nothing unusual.
export const PASSWORD_MAX_LENGTH = 256;

export const EmailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .max(254, { error: "That email address is too long." })
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

export const SignUpSchema = z.object({
  email: EmailSchema,
  password: z
    .string({ error: "Enter a password." })
    .min(PASSWORD_MIN_LENGTH, { error: `Use at least ${PASSWORD_MIN_LENGTH} characters.` })
    .max(PASSWORD_MAX_LENGTH, { error: `Use at most ${PASSWORD_MAX_LENGTH} characters.` }),
});

export const SignInSchema = z.object({
  email: EmailSchema,
  password: z
    .string({ error: "Enter your password." })
    .min(1, { error: "Enter your password." })
    .max(PASSWORD_MAX_LENGTH, { error: "Wrong email or password." }),
});

export type FieldErrors = Partial<Record<"email" | "password", string>>;

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path[0];
    if ((field === "email" || field === "password") && !errors[field])
      errors[field] = issue.message;
  }
  return errors;
}
