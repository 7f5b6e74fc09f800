// The emoji picker's door in the main bundle: the picker and its table are a chunk of their own,
// fetched the first time an agent opens it (from the composer or to react to a message).
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";

export interface EmojiPickerProps {
  /** The picker's accessible name. */
  label: string;
  /** The button that opened it: the picker sits beside it, and Escape gives it the focus back. */
  anchor: HTMLElement | null;
  onPick: (emoji: string) => void;
  onClose: () => void;
}

let loading: Promise<ComponentType<EmojiPickerProps>> | null = null;

/** The emoji picker, once its chunk is here (nothing until then). */
export function EmojiPopover(props: EmojiPickerProps) {
  const [Picker, setPicker] = useState<ComponentType<EmojiPickerProps> | null>(null);
  useEffect(() => {
    let alive = true;
    loading ??= import("./EmojiPicker").then((m) => m.EmojiPicker);
    loading.then(
      (c) => alive && setPicker(() => c),
      () => {
        loading = null; // offline: try again next time
        if (alive) props.onClose();
      },
    );
    return () => {
      alive = false;
    };
  }, []);
  return Picker ? <Picker {...props} /> : null;
}
