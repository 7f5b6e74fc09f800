// Tells the customer that an agent is typing, on channels that show it (capabilities.typing:
// Messenger, Instagram): "typing" as keys are pressed, at most every 8 seconds (the server
// sends Meta one typing_on per 10 seconds at most), and "stopped" once the reply is sent or the
// draft emptied, after 15 idle seconds, or when the agent leaves the conversation (the server
// sends typing_off only if typing_on may still show). Failures are ignored: an indicator is not
// worth an error.
import { useEffect, useRef } from "preact/hooks";
import { post } from "../api";

const every = 8000;
const idle = 15000;

export function useTyping(conversationID: number, enabled: boolean) {
  const state = useRef({ at: 0, timer: undefined as ReturnType<typeof setTimeout> | undefined });
  const tell = (typing: boolean) => void post(`/conversations/${conversationID}/typing`, { typing }).catch(() => {});
  const stop = () => {
    const s = state.current;
    clearTimeout(s.timer);
    if (s.at) tell(false);
    s.at = 0;
  };
  useEffect(() => () => stop(), [conversationID]);
  return {
    /** The draft changed to value. */
    typed(value: string) {
      if (!enabled) return;
      if (!value.trim()) return stop();
      const s = state.current;
      const now = Date.now();
      if (now - s.at > every) {
        s.at = now;
        tell(true);
      }
      clearTimeout(s.timer);
      s.timer = setTimeout(() => stop(), idle);
    },
    /** The reply went out. */
    sent: () => stop(),
  };
}
