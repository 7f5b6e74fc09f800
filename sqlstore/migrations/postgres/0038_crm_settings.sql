-- The workspace's link to the company's CRM: one row (id 1), made on first save. The lookup
-- secret is sealed with the server's key, like webhooks' secrets.
CREATE TABLE crm_settings (
    id              BIGINT  NOT NULL PRIMARY KEY CHECK (id = 1),
    link_template   TEXT    NOT NULL DEFAULT '',
    link_label      TEXT    NOT NULL DEFAULT '',
    lookup_url      TEXT    NOT NULL DEFAULT '',
    lookup_secret   TEXT    NOT NULL DEFAULT '',
    last_error      TEXT    NOT NULL DEFAULT '',
    last_error_at   BIGINT,
    last_success_at BIGINT,
    updated_at      BIGINT  NOT NULL
);
