-- One owner for a storybook's life (issue 12): what the engine records at confirmation, the film's hand-off to the
-- chat, and why a clip failed.

-- the chat's upload limit, recorded when the film is confirmed, so the merge fits the film without asking the chat
ALTER TABLE storybook ADD COLUMN upload_limit_bytes BIGINT;

-- delivery is a hand-off: the engine hands the film to the chat (HANDED_OVER) and the chat answers DELIVERED,
-- FAILED or TOO_LARGE; with no answer within the ack timeout the film is handed over again
ALTER TABLE film ADD COLUMN delivery_state VARCHAR(16) DEFAULT 'WAITING' NOT NULL;
ALTER TABLE film ADD COLUMN handed_over_at BIGINT;
ALTER TABLE film ADD COLUMN delivery_error VARCHAR(2000);
UPDATE film SET delivery_state = 'DELIVERED' WHERE delivered_at IS NOT NULL;

-- why a clip failed, as the engine's structured reason (JSON: kind, provider, clip, minutes, detail), so the chat
-- words it in its own command syntax even after a restart
ALTER TABLE clip ADD COLUMN failure VARCHAR(4000);
