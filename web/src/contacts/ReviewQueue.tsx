// The review queue of possible duplicates (/contacts/duplicates): each likely pair of the
// address book once, with why and how sure, the detail the two share, "Merge…" (the contact
// panel's merge preview) and "Not the same person" (never suggested again). Pages come from
// GET /contacts/suggestions, which walks the address book a page at a time: "Load more" goes on.
// Admins and supervisors only (the API says so to others).
import { useEffect, useState } from "preact/hooks";
import { get, query } from "../api";
import { t } from "../i18n";
import { dismissPair, MergeDialog } from "../inbox/Merges";
import type { MergeSuggestion, Page } from "../types";
import { Avatar, problem } from "../ui";
import { contactName, formatHandle } from "./names";

const pageSize = 25;

export function ReviewQueue() {
  const [items, setItems] = useState<MergeSuggestion[]>([]);
  const [cursor, setCursor] = useState("");
  const [busy, setBusy] = useState(true);
  const [done, setDone] = useState(false);
  const [error, setError] = useState("");
  const [merging, setMerging] = useState<MergeSuggestion | null>(null);

  // Loads pages from after until one holds a pair (a page of contacts may hold none), at most
  // a few at a time: the rest waits for "Load more".
  const load = async (after: string) => {
    setBusy(true);
    setError("");
    try {
      let next = after;
      const found: MergeSuggestion[] = [];
      for (let i = 0; i < 8; i++) {
        const page = await get<Page<MergeSuggestion>>("/contacts/suggestions" + query({ cursor: next || undefined, limit: pageSize }));
        found.push(...page.items);
        next = page.next_cursor;
        if (!next || found.length > 0) break;
      }
      setItems((have) => (after ? [...have, ...found] : found));
      setCursor(next);
      setDone(!next);
    } catch (err) {
      setError(problem(err).message);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => void load(""), []);

  const drop = (pred: (s: MergeSuggestion) => boolean) => setItems((have) => have.filter((s) => !pred(s)));
  const dismiss = async (s: MergeSuggestion) => {
    setError("");
    try {
      await dismissPair(s.contact_id, s.other.id);
      drop((x) => x === s);
    } catch (err) {
      setError(problem(err).message);
    }
  };

  return (
    <div class="review">
      <div class="review-head">
        <a href="/contacts" class="review-back">
          ← {t("review.back")}
        </a>
        <h1>{t("review.title")}</h1>
        <p class="muted">{t("review.intro")}</p>
      </div>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <ul class="review-list" aria-label={t("review.title")}>
        {items.map((s) => (
          <li class="review-pair" data-testid="review-pair" key={`${s.contact_id}-${s.other.id}`}>
            <div class="review-people">
              {[s.contact, s.other].map(
                (c) =>
                  c && (
                    <a class="review-person" href={"/contacts?q=" + encodeURIComponent(c.email || c.phone || c.name)}>
                      <Avatar name={c.name} url={c.avatar_url} size={32} seed={c.id} />
                      <span>
                        <strong>{contactName(c)}</strong>
                        <span class="muted">{[c.email, formatHandle(c.phone)].filter(Boolean).join(" · ")}</span>
                      </span>
                    </a>
                  ),
              )}
            </div>
            <div class="review-why">
              <span class="review-reason">{t(("merge.reason." + s.reason) as any)}</span>
              <span class="review-confidence">{t("merge.confidence", { percent: Math.round(s.confidence * 100) })}</span>
              <span class="review-detail" title={t("review.shared")}>
                {formatHandle(s.detail)}
              </span>
            </div>
            <div class="review-actions">
              <button onClick={() => setMerging(s)}>{t("merge.open")}</button>
              <button class="ghost" onClick={() => void dismiss(s)}>
                {t("review.dismiss")}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {!busy && items.length === 0 && !error && <p class="review-empty">{done ? t("review.empty") : t("review.noneYet")}</p>}
      {busy && <p class="review-empty">{t("book.loading")}</p>}
      {!busy && cursor && (
        <button class="review-more" onClick={() => void load(cursor)}>
          {t("review.more")}
        </button>
      )}
      {merging?.contact && (
        // The older contact survives, as the API's queue lists each pair from its newer one.
        <MergeDialog
          contact={merging.other}
          other={merging.contact}
          onClose={(merged) => {
            const s = merging;
            setMerging(null);
            if (merged) drop((x) => [x.contact_id, x.other.id].includes(s.contact_id));
          }}
        />
      )}
    </div>
  );
}
