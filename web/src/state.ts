// What the whole app shares: the signed-in agent and the workspace's settings lists, loaded once
// after sign-in and kept current by the event stream.
import { computed, signal } from "@preact/signals";
import { get } from "./api";
import { setLanguage } from "./i18n";
import { onEvent } from "./stream";
import type { Agent, AssistantFeatures, CannedResponse, ChannelInfo, Inbox, Label, Team } from "./types";

export const me = signal<Agent | null>(null);
export const agents = signal<Agent[]>([]);
export const teams = signal<Team[]>([]);
export const inboxes = signal<Inbox[]>([]);
export const labels = signal<Label[]>([]);
export const canned = signal<CannedResponse[]>([]);
/** What each channel kind can send, from the server's connectors. */
export const channels = signal<Map<string, ChannelInfo>>(new Map());
/** What the assistant offers agents: the workspace's switches (an inbox may turn one off). */
export const assistantFeatures = signal<AssistantFeatures | null>(null);

export const isAdmin = computed(() => me.value?.role === "admin");
export const agentById = computed(() => new Map(agents.value.map((a) => [a.id, a])));
export const inboxById = computed(() => new Map(inboxes.value.map((i) => [i.id, i])));
export const labelByName = computed(() => new Map(labels.value.map((l) => [l.name, l])));
export const teamById = computed(() => new Map(teams.value.map((t) => [t.id, t])));

type Items<T> = { items: T[] };

export async function loadAgents() {
  agents.value = (await get<Items<Agent>>("/agents")).items;
}
export async function loadTeams() {
  teams.value = (await get<Items<Team>>("/teams")).items;
}
export async function loadInboxes() {
  inboxes.value = (await get<Items<Inbox>>("/inboxes")).items;
}
export async function loadLabels() {
  labels.value = (await get<Items<Label>>("/labels")).items;
}
export async function loadCanned() {
  canned.value = (await get<Items<CannedResponse>>("/canned-responses")).items;
}

export async function loadChannels() {
  channels.value = new Map((await get<Items<ChannelInfo>>("/channels")).items.map((c) => [c.kind, c]));
}

/** Reads the assistant's switches; a server that cannot tell offers none. */
export async function loadAssistantFeatures() {
  assistantFeatures.value = await get<AssistantFeatures>("/assistant/features").catch(() => null);
}

/** Sets the signed-in agent and loads what every screen needs. */
export async function signedIn(a: Agent) {
  me.value = a;
  await Promise.all([setLanguage(a.language), loadAgents(), loadTeams(), loadInboxes(), loadLabels(), loadCanned(), loadChannels(), loadAssistantFeatures()]);
}

// Settings changed by anyone reach every open window.
onEvent((e) => {
  switch (e.type) {
    case "agent.presence":
      agents.value = agents.value.map((a) => (a.id === e.data?.id ? { ...a, presence: e.data.presence } : a));
      if (me.value && e.data?.id === me.value.id) me.value = { ...me.value, presence: e.data.presence };
      break;
    case "agent.created":
    case "agent.updated":
    case "agent.deleted":
      if (e.data?.id === me.value?.id && e.type !== "agent.deleted") {
        get<Agent>("/auth/me").then((a) => {
          me.value = a;
          void setLanguage(a.language);
        });
      }
      void loadAgents();
      break;
    case "team.changed":
      void loadTeams();
      void loadInboxes(); // a team's members see its inboxes: joining or leaving it changes them
      break;
    case "inbox.changed":
      void loadInboxes(); // also when the event is ours alone: the inbox was taken from us
      break;
    case "label.changed":
      void loadLabels();
      break;
    case "canned_response.changed":
      void loadCanned();
      break;
  }
});
