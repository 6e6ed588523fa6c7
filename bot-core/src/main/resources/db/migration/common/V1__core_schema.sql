-- Storyreel core schema. Portable between H2 and PostgreSQL: ids are text, times are epoch milliseconds,
-- money is DOUBLE PRECISION (estimates only; providers bill in their own units).

CREATE TABLE chat_user (
    user_key      VARCHAR(100) PRIMARY KEY,     -- PLATFORM:id
    display_name  VARCHAR(200),
    provider      VARCHAR(32),                  -- preferred provider
    created_at    BIGINT NOT NULL
);

CREATE TABLE credential (
    user_key      VARCHAR(100) NOT NULL,
    provider      VARCHAR(32)  NOT NULL,
    ciphertext    VARCHAR(8000) NOT NULL,       -- base64 Tink AEAD, AD = user_key|provider; never plain text
    key_id        BIGINT,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (user_key, provider)
);

CREATE TABLE storybook (
    id              VARCHAR(36) PRIMARY KEY,
    chat_key        VARCHAR(100) NOT NULL,      -- PLATFORM:chatId
    platform        VARCHAR(16)  NOT NULL,
    chat_id         VARCHAR(64)  NOT NULL,
    chat_kind       VARCHAR(16)  NOT NULL,
    title           VARCHAR(200),
    state           VARCHAR(16)  NOT NULL,      -- COLLECTING, CONFIRMING, GENERATING, PAUSED, MERGING, DELIVERING, DONE, CANCELLED, FAILED
    owner_key       VARCHAR(100) NOT NULL,
    payer_key       VARCHAR(100),
    provider        VARCHAR(32),
    settings_json   VARCHAR(8000),
    anchor_msg_id   VARCHAR(64),                -- the storybook message members reply to (groups)
    status_msg_id   VARCHAR(64),                -- the progress message, edited in place
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX storybook_chat ON storybook (chat_key, state);
CREATE INDEX storybook_payer ON storybook (payer_key, state);

CREATE TABLE scene (
    id              VARCHAR(36) PRIMARY KEY,
    storybook_id    VARCHAR(36) NOT NULL REFERENCES storybook (id),
    position        INT NOT NULL,
    image_blob      VARCHAR(64) NOT NULL,
    image_mime      VARCHAR(32) NOT NULL,
    width           INT NOT NULL,
    height          INT NOT NULL,
    prompt          VARCHAR(4000),
    contributor_key VARCHAR(100) NOT NULL,
    contributor     VARCHAR(200),
    source_msg_id   VARCHAR(64),
    album_id        VARCHAR(64),
    created_at      BIGINT NOT NULL
);
CREATE INDEX scene_book ON scene (storybook_id, position);

CREATE TABLE clip (
    id                VARCHAR(36) PRIMARY KEY,  -- also the idempotency key (Kling external_task_id)
    storybook_id      VARCHAR(36) NOT NULL REFERENCES storybook (id),
    scene_id          VARCHAR(36) NOT NULL,
    position          INT NOT NULL,
    provider          VARCHAR(32) NOT NULL,
    model             VARCHAR(64) NOT NULL,
    request_json      VARCHAR(8000),            -- model, mode, duration, resolution, prompts (no image bytes)
    provider_task_id  VARCHAR(128),
    state             VARCHAR(16) NOT NULL,     -- PENDING, SUBMITTING, SUBMITTED, SUCCEEDED, DOWNLOADED, FAILED, CANCELLED, SKIPPED
    attempts          INT NOT NULL DEFAULT 0,
    progress          INT NOT NULL DEFAULT -1,
    estimated_units   DOUBLE PRECISION,
    estimated_usd     DOUBLE PRECISION,
    actual_units      DOUBLE PRECISION,
    result_ref        VARCHAR(2000),
    blob              VARCHAR(64),
    error_kind        VARCHAR(32),
    error_message     VARCHAR(2000),
    created_at        BIGINT NOT NULL,
    submitted_at      BIGINT,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX clip_book ON clip (storybook_id, position);

CREATE TABLE film (
    id              VARCHAR(36) PRIMARY KEY,
    storybook_id    VARCHAR(36) NOT NULL REFERENCES storybook (id),
    blob            VARCHAR(64) NOT NULL,
    bytes           BIGINT NOT NULL,
    duration_ms     BIGINT NOT NULL,
    clips           INT NOT NULL,
    provider        VARCHAR(32),
    model           VARCHAR(64),
    cost_usd        DOUBLE PRECISION,
    caption         VARCHAR(2000),
    created_at      BIGINT NOT NULL,
    delivered_at    BIGINT
);
CREATE INDEX film_book ON film (storybook_id);
