-- Identity linking: a new sender's address is looked up among the contacts' recorded phone
-- numbers and emails (one indexed lookup per new address, never per message), and the review
-- queue's "not the same person" is remembered so the pair is never suggested again.
CREATE INDEX contacts_phone ON contacts (phone) WHERE phone <> '';
CREATE INDEX contacts_email_lower ON contacts (lower(email)) WHERE email <> '';
CREATE TABLE merge_dismissals (
    contact_a    BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE, -- the lower id
    contact_b    BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    dismissed_by BIGINT,
    dismissed_at BIGINT NOT NULL,
    PRIMARY KEY (contact_a, contact_b)
);
CREATE INDEX merge_dismissals_b ON merge_dismissals (contact_b, contact_a);
