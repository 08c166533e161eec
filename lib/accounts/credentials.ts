import "server-only";
import { z } from "zod";
import { FIELD_ERRORS, WRONG_CREDENTIALS } from "@/lib/accounts/messages";

export const PASSWORD_MIN_LENGTH = 8;
// Long enough for any passphrase, short enough that hashing it costs nothing unusual.
export const PASSWORD_MAX_LENGTH = 256;

export const EmailSchema = z
  .string({ error: FIELD_ERRORS.emailMissing })
  .trim()
  .toLowerCase()
  .max(254, { error: FIELD_ERRORS.emailTooLong })
  .pipe(z.email({ error: FIELD_ERRORS.emailInvalid }));

export const SignUpSchema = z.object({
  email: EmailSchema,
  password: z
    .string({ error: FIELD_ERRORS.newPasswordMissing })
    .min(PASSWORD_MIN_LENGTH, { error: FIELD_ERRORS.passwordTooShort(PASSWORD_MIN_LENGTH) })
    .max(PASSWORD_MAX_LENGTH, { error: FIELD_ERRORS.passwordTooLong(PASSWORD_MAX_LENGTH) }),
});

export const SignInSchema = z.object({
  email: EmailSchema,
  password: z
    .string({ error: FIELD_ERRORS.passwordMissing })
    .min(1, { error: FIELD_ERRORS.passwordMissing })
    .max(PASSWORD_MAX_LENGTH, { error: WRONG_CREDENTIALS }),
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
