// The label picker of conversations and contacts: the labels not yet on the thing, and a field
// that creates a new one on the spot.
import { useState } from "preact/hooks";
import { post } from "../api";
import { t } from "../i18n";
import { labelByName, labels, loadLabels } from "../state";
import { LabelChip, problem } from "../ui";

export function LabelMenu(props: { current: string[]; label: string; onAdd: (name: string) => Promise<void>; onRemove?: (name: string) => void }) {
  const [name, setName] = useState("");
  const [err, setErr] = useState("");
  const add = async (n: string) => {
    setErr("");
    try {
      if (!labelByName.value.has(n)) {
        await post("/labels", { name: n });
        await loadLabels();
      }
      await props.onAdd(n);
      setName("");
    } catch (e) {
      setErr(problem(e).message);
    }
  };
  const available = labels.value.filter((l) => !props.current.includes(l.name));
  return (
    // A group, not a menu: it holds a form to create a label as well as the labels to add.
    <div class="menu" role="group" aria-label={props.label}>
      {props.onRemove && props.current.length > 0 && (
        // The labels already on it, removable here where the header has no room to show them.
        <div class="menu-current">
          {props.current.map((n) => (
            <LabelChip name={n} color={labelByName.value.get(n)?.color} onRemove={() => props.onRemove!(n)} />
          ))}
        </div>
      )}
      {available.map((l) => (
        <button onClick={() => void add(l.name)}>
          <LabelChip name={l.name} color={l.color} />
        </button>
      ))}
      <form
        class="menu-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) void add(name.trim());
        }}
      >
        <input aria-label={t("label.new")} placeholder={t("label.new")} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <button type="submit" class="ghost">
          {t("action.add")}
        </button>
      </form>
      {err && <p class="form-error">{err}</p>}
    </div>
  );
}
