-- Delivery at most once, and never lost (issue 13).

-- the chat records that the upload began (committed before it starts): a film found SENDING later may have reached
-- the chat, so it is not sent again without a member's tap
ALTER TABLE film ADD COLUMN sending_at BIGINT;
-- VIDEO, or DOCUMENT when a member asked for the film as a file
ALTER TABLE film ADD COLUMN send_as VARCHAR(16) DEFAULT 'VIDEO' NOT NULL;
-- how often the film was fitted smaller after the platform refused it as too large (bounded per delivery)
ALTER TABLE film ADD COLUMN refits INT DEFAULT 0 NOT NULL;
-- why the engine stopped trying and which choices the chat was offered (JSON), while the film waits for a tap
ALTER TABLE film ADD COLUMN delivery_stop VARCHAR(2000);
-- films the engine gave up on before this version wait for nothing: they must not be picked up again
UPDATE film SET delivery_state = 'GAVE_UP' WHERE delivered_at IS NULL
    AND storybook_id IN (SELECT id FROM storybook WHERE state = 'FAILED');

-- what each chat's platform really accepts, learned from its answers: the smallest film it refused as too large
-- and the largest it took, so later films are fitted to what the chat takes rather than to a limit that is too high
CREATE TABLE chat_upload_limit (
    chat_key        VARCHAR(100) PRIMARY KEY,
    refused_bytes   BIGINT,
    accepted_bytes  BIGINT,
    updated_at      BIGINT NOT NULL
);
