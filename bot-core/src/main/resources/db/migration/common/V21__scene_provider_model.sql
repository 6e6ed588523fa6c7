-- A provider and model per scene (issue 17): a scene may override its storybook's provider and model. NULL provider:
-- the storybook's; NULL model with a provider: that provider's default model. The engine writes the chosen provider
-- and model on each clip row when the film starts, so a redo or a reuse follows the clip, not today's settings.
ALTER TABLE scene ADD COLUMN provider VARCHAR(32);
ALTER TABLE scene ADD COLUMN model VARCHAR(64);
