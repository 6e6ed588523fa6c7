-- Whose money (issue 13): every clip keeps its payer and the provider account it is paid from, a clip already paid
-- for can be reused by a later film of the same chat instead of being paid again, and the member who asked for an
-- estimate is remembered (they, or a chat administrator, may withdraw it).

-- the member whose keys submit, poll and download this clip; a retry or redo by someone else pays for that clip
-- only. Clips made before this column belong to their storybook's payer.
ALTER TABLE clip ADD COLUMN payer_key VARCHAR(100);
UPDATE clip SET payer_key = (SELECT b.payer_key FROM storybook b WHERE b.id = clip.storybook_id);
CREATE INDEX clip_payer ON clip (payer_key, created_at);
-- account_key now names the provider account by a fingerprint of the payer's keys (provider:hmac, never the key);
-- clips made before keep payer|provider

-- what the clip asked of the provider: SHA-256 of the provider and the request (photo blob, final prompt, model,
-- mode, duration, resolution, negative prompt), so an identical clip made earlier in the chat is found
ALTER TABLE clip ADD COLUMN request_fp VARCHAR(64);
CREATE INDEX clip_request ON clip (request_fp);
-- set when the clip was not made again but taken from that earlier clip: no provider call, nothing paid
ALTER TABLE clip ADD COLUMN reused_from VARCHAR(36);

-- who asked for the estimate on show (withdrawing it is theirs, or a chat administrator's)
ALTER TABLE storybook ADD COLUMN asked_by VARCHAR(100);

-- secrets of this installation, encrypted with the master keyset like the credentials (AD = vault_secret|name):
-- the HMAC key of the key fingerprints
CREATE TABLE vault_secret (
    name        VARCHAR(32) PRIMARY KEY,
    ciphertext  VARCHAR(2000) NOT NULL,
    key_id      BIGINT,
    created_at  BIGINT NOT NULL
);
