// Styled text in the main bundle: which markup a channel is written in, the chunk that reads and
// writes it (markup.tsx and the composer's toolbar, Format.tsx), and message text shown with its
// styles once that chunk is here (as written until then: the first time, for a moment).
import { lazyChunk } from "./chunk";
import type { Dialect } from "./markup";

export type { Dialect };

/** The markup an agent writes on a channel of this formatting ("html", email, is written in Markdown). */
export const dialectOf = (formatting: string | undefined): Dialect | "" =>
  formatting === "whatsapp" ? "whatsapp" : formatting ? "markdown" : "";

/** The formatting chunk, once here, when wanted (null until then). */
export const useFormat = lazyChunk(() => import("./Format"));

/** A message's text, with its styles when the channel shows them (d). */
export function Styled(props: { text: string; d: Dialect | "" }) {
  const fmt = useFormat(!!props.d);
  return <p class="bubble-text">{fmt && props.d ? fmt.markup(props.text, props.d) : props.text}</p>;
}

/** A one-line preview without the markup's signs (*bold* reads "bold"), for list rows. */
export const unmarked = (text: string, d: Dialect | ""): string =>
  d ? text.replace(/```|`/g, "").replace(/(^|[\s(])([*_~]{1,2})(\S(?:[^]*?\S)??)\2(?=$|[\s.,;:!?)])/g, "$1$3") : text;
