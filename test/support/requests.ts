import { type Answer, composeAnswer } from "../../src/answer/index.js";
import { EstimationRequest, type EstimationRequestInput } from "../../src/estimator/request.js";

/** A request with the defaults filled in, from the fields a test cares about. */
export function req(
  fields: Omit<EstimationRequestInput, "model"> & { model?: EstimationRequestInput["model"] },
): EstimationRequest {
  return EstimationRequest.parse({ model: { kind: "size", params: 7e9 }, ...fields });
}

export const size = (params: number) => ({ kind: "size", params }) as const;
export const named = (id: string) => ({ kind: "catalog", id }) as const;

/** The answer pipeline on a request built in a test (nothing typed: every unset field is a default). */
export function advise(request: EstimationRequest): Answer {
  return composeAnswer({ request, typed: [], notes: [] });
}
