-- The storyboard page (issue 18): one-time sign-in links and the sessions they open. Only SHA-256 hashes of the
-- tokens are stored, so a copy of the database opens no page. A link is used at most once (used_at).
CREATE TABLE web_link (
    token_hash   VARCHAR(64) PRIMARY KEY,
    user_key     VARCHAR(100) NOT NULL,
    user_name    VARCHAR(200) NOT NULL,
    platform     VARCHAR(16) NOT NULL,
    chat_id      VARCHAR(64) NOT NULL,
    chat_kind    VARCHAR(16) NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT
);

CREATE TABLE web_session (
    token_hash   VARCHAR(64) PRIMARY KEY,
    user_key     VARCHAR(100) NOT NULL,
    user_name    VARCHAR(200) NOT NULL,
    platform     VARCHAR(16) NOT NULL,
    chat_id      VARCHAR(64) NOT NULL,
    chat_kind    VARCHAR(16) NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX web_session_expiry ON web_session (expires_at);
