// The inbox's first minutes: while the list is empty and the agent can see no conversation at
// all (no inbox yet, or no customer has written), the pane beside the list guides them instead
// of asking them to pick one. The guide is a chunk of its own (Welcome.tsx).
import type { ComponentType, VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { inboxes, isAdmin } from "../state";
import { onEvent } from "../stream";
import type { Conversation, Page } from "../types";

export type WelcomeProps = { admin: boolean; none: boolean };
let chunk: Promise<ComponentType<WelcomeProps>> | null = null;

/** The guide, or pick (the usual "pick a conversation") when there is something to pick. */
export function FirstRun(props: { pick: VNode }) {
  const [Guide, setGuide] = useState<ComponentType<WelcomeProps> | null>(null);
  // Whether the agent can see any conversation, in any view or status; while none, asked again
  // when one changes (someone wrote).
  const [any, setAny] = useState<boolean | null>(null);
  const none = !inboxes.value.length;
  const ask = () => get<Page<Conversation>>("/conversations?view=all&limit=1").then((p) => setAny(p.items.length > 0), () => {});
  useEffect(() => void (none || ask()), [none]);
  useEffect(() => (any === false ? onEvent((e) => e.conversation_id && void ask()) : undefined), [any]);
  const guide = none || any === false;
  useEffect(() => {
    if (!guide) return;
    chunk ??= import("./Welcome").then((m) => m.Welcome);
    chunk.then(
      (c) => setGuide(() => c),
      () => (chunk = null),
    );
  }, [guide]);
  return guide && Guide ? <Guide admin={isAdmin.value} none={none} /> : props.pick;
}
