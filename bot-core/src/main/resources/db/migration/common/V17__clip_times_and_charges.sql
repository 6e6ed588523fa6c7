-- Progress people can trust (issue 15).

-- when the provider's task was seen finished (SUCCEEDED): generated_at - submitted_at is the clip's time, from which
-- the engine learns each provider and model's clip-time distribution (adaptive polling, ETAs)
ALTER TABLE clip ADD COLUMN generated_at BIGINT;
CREATE INDEX clip_times ON clip (provider, model, generated_at);
