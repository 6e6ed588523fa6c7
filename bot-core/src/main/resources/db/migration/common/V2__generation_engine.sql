-- Generation engine (issue 5): what the durable tasks need besides the V1 contract.

-- when the engine took the storybook (daily cap, running films) and why it is paused
ALTER TABLE storybook ADD COLUMN started_at BIGINT;
ALTER TABLE storybook ADD COLUMN pause_reason VARCHAR(2000);

-- account_key = payer_key|provider: the provider account whose concurrency bound applies to this clip
ALTER TABLE clip ADD COLUMN account_key VARCHAR(140);
-- consecutive retryable failures of the current step (submit, poll or download); reset on progress
ALTER TABLE clip ADD COLUMN step_failures INT DEFAULT 0 NOT NULL;
ALTER TABLE clip ADD COLUMN poll_count INT DEFAULT 0 NOT NULL;
ALTER TABLE clip ADD COLUMN replaced_by VARCHAR(36);
CREATE INDEX clip_account ON clip (account_key, state);

ALTER TABLE film ADD COLUMN delivery_attempts INT DEFAULT 0 NOT NULL;
ALTER TABLE film ADD COLUMN merge_path VARCHAR(16);

-- one row per provider account, locked (SELECT ... FOR UPDATE) while a worker decides whether a clip may be
-- submitted, so two workers cannot both take the last free slot
CREATE TABLE provider_account (
    account_key   VARCHAR(140) PRIMARY KEY,
    created_at    BIGINT NOT NULL
);
