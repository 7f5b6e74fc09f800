// Line icons drawn for Switchboard (24×24 strokes), so nothing depends on the system having an
// emoji font. Each is decorative: the control it sits in carries the accessible name.
import type { SVGAttributes } from "preact";

const paths: Record<string, string> = {
  inbox: "M3 13l3-8h12l3 8v6H3zM3 13h5l1 3h6l1-3h5",
  settings: "M12 9a3 3 0 100 6 3 3 0 000-6zM19 12l2-1-1-3-2 .3-1.3-1.3.3-2-3-1-1 2h-2l-1-2-3 1 .3 2L6 7.3 4 7 3 10l2 1v2l-2 1 1 3 2-.3 1.3 1.3-.3 2 3 1 1-2h2l1 2 3-1-.3-2 1.3-1.3 2 .3 1-3-2-1z",
  logout: "M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10",
  person: "M12 12a4 4 0 100-8 4 4 0 000 8zM4 21c1-4 4-6 8-6s7 2 8 6",
  clock: "M12 21a9 9 0 100-18 9 9 0 000 18zM12 7v5l3 2",
  flag: "M5 21V4M5 4h11l-2 4 2 4H5",
  tag: "M3 12V3h9l9 9-9 9zM7.5 7.5h.01",
  print: "M7 9V3h10v6M7 17H4v-8h16v8h-3M7 14h10v7H7z",
  check: "M5 12l5 5 9-10",
  reply: "M10 8L5 12l5 4M5 12h9a5 5 0 015 5v1",
  smile: "M12 21a9 9 0 100-18 9 9 0 000 18zM8 14s1.5 2 4 2 4-2 4-2M9 9.5h.01M15 9.5h.01",
  search: "M11 18a7 7 0 100-14 7 7 0 000 14zM21 21l-5-5",
  clip: "M8 12l6-6a3 3 0 014 4l-8 8a5 5 0 01-7-7l7-7",
  doc: "M6 3h8l4 4v14H6zM14 3v4h4",
  pin: "M12 21s-6-6-6-11a6 6 0 0112 0c0 5-6 11-6 11zM12 12a2 2 0 100-4 2 2 0 000 4z",
  mic: "M12 15a3 3 0 003-3V6a3 3 0 00-6 0v6a3 3 0 003 3zM5 11a7 7 0 0014 0M12 18v3",
  card: "M3 5h18v14H3zM9 11a2 2 0 100-4 2 2 0 000 4zM5 16c.7-2 2-3 4-3s3.3 1 4 3M15 9h4M15 13h3",
  plus: "M12 5v14M5 12h14",
  chart: "M4 20h16M7 16v-5M12 16V6M17 16v-8",
};

export type IconName = keyof typeof paths;

/** A named icon, or a path of one's own on the same grid (d). */
export function Icon(props: { name?: IconName; d?: string; size?: number } & SVGAttributes<SVGSVGElement>) {
  const { name, d, size = 18, ...rest } = props;
  return (
    <svg
      class="icon-svg"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      <path d={d ?? paths[name!]} />
    </svg>
  );
}

/** Each channel's mark: its brand-like colour and a white glyph on the 24-grid, drawn for
 * Switchboard (simple shapes that evoke each service, not its logo). */
export const channelMarks: Record<string, [string, string]> = {
  // A round bubble with its tail low on the left, and a handset in it.
  whatsapp: ["#128c4a", "M4 20l1-4a8 8 0 113 3zM9 8c0 4 3 7 7 7"],
  // A bubble with a zigzag through it.
  messenger: ["#0866ff", "M7 17v4l3-2a8 7 0 10-3-2zM7 14l3-3 3 2 4-3"],
  // A camera: a rounded square, a lens and a flash.
  instagram: ["#c1306b", "M4 8a4 4 0 014-4h8a4 4 0 014 4v8a4 4 0 01-4 4H8a4 4 0 01-4-4zM12 16a4 4 0 100-8 4 4 0 000 8zM17 7h.01"],
  // A bubble with lines of text.
  rcs: ["#1a62d6", "M5 5h14v10h-8l-4 4v-4H5zM9 9h6M9 12h4"],
  // A square bubble with three dots.
  sms: ["#4f5b66", "M4 5h16v11H9l-5 4zM8 10h.01M12 10h.01M16 10h.01"],
  // An envelope.
  email: ["#b4530b", "M4 6h16v12H4zM4 6l8 7 8-7"],
  // Two bubbles, as a website's chat.
  webchat: ["#7c3aed", "M4 4h11v8H8l-4 3zM18 9h2v10l-3-2h-7v-2"],
  // A paper plane.
  telegram: ["#1c87c9", "M20 5L4 11l5 2m11-8l-3 14-6-4m9-10l-11 8v5l3-3"],
  // Code brackets.
  api: ["#57606a", "M8 7l-5 5 5 5m8-10l5 5-5 5M14 5l-4 14"],
};
// Identity kinds that are not channel names: a phone number (WhatsApp, SMS, RCS), a web visitor.
channelMarks.phone = ["#1a7f37", channelMarks.sms![1]];
channelMarks.web = channelMarks.webchat!;
