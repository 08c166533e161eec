import type { ServerResponse } from "node:http";
import { sendJson } from "../http";

// Vehicle API errors in the v3 format ("Format A", contract 8.1): `{"errors": [{status, type, code,
// title, detail, links.about}]}` with `status` a string, plus `resolution` and
// `suggestedUserMessage` where Smartcar documents them for the type (contract 8 [E1] [E2]).

type ErrorType =
  | "AUTHENTICATION"
  | "PERMISSION"
  | "VALIDATION"
  | "CONNECTED_SERVICES_ACCOUNT"
  | "RESOURCE_NOT_FOUND"
  | "VEHICLE_STATE"
  | "RATE_LIMIT"
  | "BILLING"
  | "SERVER"
  | "COMPATIBILITY"
  | "UPSTREAM";

/** HTTP status per type (contract 8.2). */
const STATUS_OF: Record<ErrorType, number> = {
  VALIDATION: 400,
  CONNECTED_SERVICES_ACCOUNT: 400,
  AUTHENTICATION: 401,
  PERMISSION: 403,
  RESOURCE_NOT_FOUND: 404,
  VEHICLE_STATE: 409,
  RATE_LIMIT: 429,
  BILLING: 430,
  SERVER: 500,
  COMPATIBILITY: 501,
  UPSTREAM: 502,
};

export type Resolution = {
  type: "RETRY_LATER" | "REAUTHENTICATE" | "CONTACT_SUPPORT";
  url?: string;
};

export type ApiError = {
  type: ErrorType;
  code: string;
  title: string;
  detail: string;
  resolution?: Resolution;
  suggestedUserMessage?: string;
};

/** The per-type page with the code as anchor, as the docs' own docURLs are built. */
export function docUrl(type: ErrorType, code: string): string {
  const page = type.toLowerCase().replaceAll("_", "-");
  const anchor = code.toLowerCase().replaceAll("_", "-");
  return `https://smartcar.com/docs/errors/api-errors/${page}-errors#${anchor}`;
}

export function errorBody(error: ApiError, status = STATUS_OF[error.type]) {
  const { type, code, title, detail, resolution, suggestedUserMessage } = error;
  return {
    errors: [
      {
        status: String(status),
        type,
        code,
        title,
        detail,
        ...(resolution ? { resolution } : {}),
        ...(suggestedUserMessage ? { suggestedUserMessage } : {}),
        links: { about: docUrl(type, code) },
      },
    ],
  };
}

export function sendError(
  res: ServerResponse,
  error: ApiError,
  headers: Record<string, string> = {},
): void {
  sendJson(res, STATUS_OF[error.type], errorBody(error), headers);
}

export const errors = {
  unauthorized: (): ApiError => ({
    type: "AUTHENTICATION",
    code: "UNAUTHORIZED",
    title: "Unauthorized",
    detail: "The access token is missing, invalid or expired.",
  }),
  validation: (detail: string, code = "PARAMETER"): ApiError => ({
    type: "VALIDATION",
    code,
    title: "Bad Request",
    detail,
  }),
  notFound: (detail: string): ApiError => ({
    type: "RESOURCE_NOT_FOUND",
    code: "PATH",
    title: "Resource not found",
    detail,
  }),
  permission: (detail: string): ApiError => ({
    type: "PERMISSION",
    code: "ACCESS_DENIED",
    title: "Permission denied",
    detail,
    suggestedUserMessage:
      "This app doesn't have permission to do that. Connect your vehicle again.",
  }),
  reauthenticate: (url: string): ApiError => ({
    type: "CONNECTED_SERVICES_ACCOUNT",
    code: "AUTHENTICATION_FAILED",
    title: "Authentication failed",
    detail: "The vehicle owner's connected services account needs to be signed in to again.",
    resolution: { type: "REAUTHENTICATE", url },
    suggestedUserMessage: "Sign in to your vehicle's connected services account again.",
  }),
  vehicleState: (code: string, detail: string, suggestedUserMessage: string): ApiError => ({
    type: "VEHICLE_STATE",
    code,
    title: "Vehicle state error",
    detail,
    suggestedUserMessage,
  }),
  notCapable: (): ApiError => ({
    type: "COMPATIBILITY",
    code: "VEHICLE_NOT_CAPABLE",
    title: "Vehicle not capable",
    detail: "The vehicle is incapable of performing your request.",
    resolution: { type: "CONTACT_SUPPORT" },
    suggestedUserMessage: "Your car is unable to perform this request.",
  }),
  rateLimited: (code: "VEHICLE" | "SMARTCAR_API"): ApiError => ({
    type: "RATE_LIMIT",
    code,
    title: "Rate limit exceeded",
    detail:
      code === "VEHICLE"
        ? "You have reached the throttling rate limit for this vehicle. Retry after the time in Retry-After."
        : "You have reached the rate limit of your application. Retry with exponential backoff.",
    resolution: { type: "RETRY_LATER" },
    suggestedUserMessage: "Your vehicle is temporarily unable to respond. Please try again later.",
  }),
  server: (): ApiError => ({
    type: "SERVER",
    code: "INTERNAL",
    title: "Internal server error",
    detail: "Smartcar ran into an unexpected error.",
    resolution: { type: "RETRY_LATER" },
    suggestedUserMessage: "Something went wrong. Please try again later.",
  }),
};

/**
 * The documented type and code a vehicle fault answers with, by HTTP status (contract 8.2). Only
 * these statuses are accepted for faults.
 */
export const FAULT_ERRORS: Record<number, ApiError> = {
  400: {
    type: "CONNECTED_SERVICES_ACCOUNT",
    code: "ACCOUNT_ISSUE",
    title: "Connected services account issue",
    detail: "There is an issue with the vehicle owner's connected services account.",
    suggestedUserMessage: "Check your vehicle's connected services account in the carmaker's app.",
  },
  409: {
    type: "VEHICLE_STATE",
    code: "UNREACHABLE",
    title: "Vehicle unreachable",
    detail: "The vehicle was unable to perform your request because it is currently unreachable.",
    resolution: { type: "RETRY_LATER" },
    suggestedUserMessage: "Your vehicle is out of coverage. Please try again later.",
  },
  403: errors.permission("The application has no permission for this vehicle."),
  429: errors.rateLimited("VEHICLE"),
  430: {
    type: "BILLING",
    code: "VEHICLE_REQUEST_LIMIT",
    title: "Request limit reached",
    detail: "The vehicle has reached its request allowance for this billing period.",
  },
  500: errors.server(),
  501: errors.notCapable(),
  502: {
    type: "UPSTREAM",
    code: "NO_RESPONSE",
    title: "No response from the carmaker",
    detail: "The carmaker's servers did not respond.",
    resolution: { type: "RETRY_LATER" },
    suggestedUserMessage: "Your carmaker's servers aren't responding. Please try again later.",
  },
};
