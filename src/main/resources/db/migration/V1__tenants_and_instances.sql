-- Tenants: organizations and their users. Secrets are stored as SHA-256 hex of 256-bit random values.
CREATE TABLE organization (
    id              BIGSERIAL PRIMARY KEY,
    name            TEXT        NOT NULL,
    secret_hash     TEXT        NOT NULL UNIQUE,
    failure_policy  TEXT        NOT NULL DEFAULT 'retry' CHECK (failure_policy IN ('retry', 'queue')),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE app_user (
    id              BIGSERIAL PRIMARY KEY,
    organization_id BIGINT      NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    email           TEXT        NOT NULL,
    first_name      TEXT,
    last_name       TEXT,
    secret_hash     TEXT        NOT NULL UNIQUE,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (organization_id, email)
);

-- Custom element descriptors of one organization (built-ins ship as resources).
CREATE TABLE element (
    id              BIGSERIAL PRIMARY KEY,
    organization_id BIGINT      NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    key             TEXT        NOT NULL,
    descriptor      JSONB       NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (organization_id, key)
);

CREATE TABLE instance (
    id              BIGSERIAL PRIMARY KEY,
    organization_id BIGINT      NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    user_id         BIGINT      REFERENCES app_user (id) ON DELETE SET NULL,
    element_key     TEXT        NOT NULL,
    name            TEXT        NOT NULL,
    tags            JSONB       NOT NULL DEFAULT '[]',
    token_hash      TEXT        NOT NULL UNIQUE,
    token_sealed    TEXT        NOT NULL,
    disabled        BOOLEAN     NOT NULL DEFAULT false,
    deleted         BOOLEAN     NOT NULL DEFAULT false,
    next_poll_at    TIMESTAMPTZ,
    poll_watermark  TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX instance_org ON instance (organization_id) WHERE NOT deleted;
CREATE INDEX instance_tags ON instance USING GIN (tags);
CREATE INDEX instance_next_poll ON instance (next_poll_at) WHERE next_poll_at IS NOT NULL AND NOT deleted;

-- One row per configuration key of an instance: the row id is the configurationId of the API.
-- Secret values are AES-GCM sealed (see SecretBox); value NULL means "unset" (the element default applies).
CREATE TABLE instance_config (
    id              BIGSERIAL PRIMARY KEY,
    instance_id     BIGINT      NOT NULL REFERENCES instance (id) ON DELETE CASCADE,
    key             TEXT        NOT NULL,
    value           TEXT,
    secret          BOOLEAN     NOT NULL DEFAULT false,
    UNIQUE (instance_id, key)
);

-- Hub-wide settings, e.g. the hash of a generated admin key.
CREATE TABLE hub_setting (
    key             TEXT PRIMARY KEY,
    value           TEXT NOT NULL
);
