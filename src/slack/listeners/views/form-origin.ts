import { z } from "zod";

/** Where the form's answer goes, kept in the modal's private_metadata: the channel it was opened from, or the user's DM. */
export const FormOrigin = z.object({
  /** A slash command's response_url (valid 30 minutes): the answer comes back ephemerally in that channel. */
  responseUrl: z
    .url()
    .refine((u) => /^https:\/\/hooks\.slack(-gov)?\.com\//.test(u), "not a Slack response_url")
    .optional(),
});
export type FormOrigin = z.infer<typeof FormOrigin>;

export function readOrigin(metadata: string | undefined): FormOrigin {
  try {
    const parsed = FormOrigin.safeParse(JSON.parse(metadata ?? "{}"));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
