// Chunks of the interface fetched on first use (the formatting toolbar, the comment tools): a
// hook per chunk that gives its module once it is here, null until then (and while unwanted).
import { useEffect, useState } from "preact/hooks";

export function lazyChunk<M>(load: () => Promise<M>): (wanted: boolean) => M | null {
  let loading: Promise<M> | null = null;
  let loaded: M | null = null;
  return (wanted) => {
    const [mod, setMod] = useState(loaded);
    useEffect(() => {
      if (!wanted || mod) return;
      let alive = true;
      loading ??= load();
      loading.then(
        (m) => alive && setMod((loaded = m)),
        () => (loading = null), // offline: try again next time
      );
      return () => {
        alive = false;
      };
    }, [wanted]);
    return wanted ? mod : null;
  };
}
