-- CSV imports of contacts: the uploaded file, its column mapping, progress and refused rows.
CREATE TABLE contact_imports (
    id          INTEGER PRIMARY KEY,
    status      TEXT    NOT NULL DEFAULT 'preview', -- preview, queued, running, done, failed
    filename    TEXT    NOT NULL DEFAULT '',
    body        BLOB    NOT NULL,
    columns     TEXT    NOT NULL DEFAULT '[]',
    mapping     TEXT    NOT NULL DEFAULT '{}',
    total_rows  BIGINT  NOT NULL DEFAULT 0,
    rows_done   BIGINT  NOT NULL DEFAULT 0,
    created     BIGINT  NOT NULL DEFAULT 0,
    updated     BIGINT  NOT NULL DEFAULT 0,
    unchanged   BIGINT  NOT NULL DEFAULT 0,
    refused     BIGINT  NOT NULL DEFAULT 0,
    error       TEXT    NOT NULL DEFAULT '',
    created_by  BIGINT,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
CREATE TABLE contact_import_errors (
    import_id BIGINT NOT NULL REFERENCES contact_imports (id) ON DELETE CASCADE,
    line      BIGINT NOT NULL,
    reason    TEXT   NOT NULL,
    PRIMARY KEY (import_id, line)
);
