-- Contact attribute definitions: the key a value is kept under in contacts.attributes, its label,
-- type (text, number, date, list, checkbox, link), a list's options (a JSON array) and its place.
-- Contacts' values stay in contacts.attributes: deleting a definition leaves them, undefined.
CREATE TABLE contact_attributes (
    id          BIGSERIAL PRIMARY KEY,
    key         TEXT    NOT NULL UNIQUE,
    label       TEXT    NOT NULL,
    type        TEXT    NOT NULL,
    options     TEXT    NOT NULL DEFAULT '[]',
    description TEXT    NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
