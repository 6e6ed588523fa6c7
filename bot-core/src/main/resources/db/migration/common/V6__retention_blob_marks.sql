-- Retention (issue 14): the rows of a finished storybook stay for /history; when the retention sweep deletes a
-- photo, clip or film file it stamps the row, so the history can say the file is gone and the sweep knows which
-- rows still use a blob (a blob is shared by every row that stored the same bytes).
ALTER TABLE scene ADD COLUMN image_deleted_at BIGINT;
ALTER TABLE clip ADD COLUMN blob_deleted_at BIGINT;
ALTER TABLE film ADD COLUMN blob_deleted_at BIGINT;

-- "does any live row still use this blob?" and "which finished storybooks are past their retention?"
CREATE INDEX scene_image_blob ON scene (image_blob);
CREATE INDEX clip_blob ON clip (blob);
CREATE INDEX film_blob ON film (blob);
CREATE INDEX storybook_finished ON storybook (state, updated_at);
