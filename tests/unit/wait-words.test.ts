import { describe, expect, it } from "vitest";
import { confirmationRefusal } from "@/lib/accounts/confirm-copy";
import { tooManyAttemptsPage, tooManyGuesses } from "@/lib/accounts/messages";
import { connectTooManyCopy } from "@/lib/connect/copy";
import { CARD_WORDS, describeProblem } from "@/lib/vehicles/copy";
import { formatMinutes } from "@/lib/wait-words";

// Every "try again in N minutes" of the app goes through one helper (issue 22): each rounds up to
// whole minutes, never says less than one, and says "minute" for one.

describe("formatMinutes and its callers", () => {
  it("rounds a wait up to whole minutes, at least one", () => {
    expect(formatMinutes(0)).toBe("1 minute");
    expect(formatMinutes(60)).toBe("1 minute");
    expect(formatMinutes(61)).toBe("2 minutes");
    expect(formatMinutes(900)).toBe("15 minutes");
  });
  it("words each page's wait the same way", () => {
    expect(connectTooManyCopy(61).message).toBe(
      "For your security, connecting is paused for this account. Try again in 2 minutes.",
    );
    expect(tooManyGuesses(30)).toBe(
      "Too many failed sign-in attempts. Try again later (in about 1 minute).",
    );
    expect(tooManyAttemptsPage("sign-up", 120).message).toMatch(/try again in about 2 minutes\.$/);
    expect(
      confirmationRefusal(
        { kind: "rate-limited", retryAfterSeconds: 125 },
        "Nothing was unlocked.",
      ),
    ).toBe("Too many wrong passwords. Nothing was unlocked. Try again in about 3 minutes.");
    expect(describeProblem({ kind: "rate-limited", retryAfterSeconds: 90 })).toBe(
      "Too many requests for this vehicle right now. Try again in 2 minutes.",
    );
    expect(CARD_WORDS.refreshed(59.5)).toBe("Read just now. You can refresh again in 1 minute.");
  });
});
