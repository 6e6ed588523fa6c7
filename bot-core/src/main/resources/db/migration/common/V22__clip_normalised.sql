-- Films that flow (issue 17): each clip is normalised onto its film's canvas as soon as it is downloaded, so the
-- film's merge is a copy. The normalised file is a blob of its own beside the original; canvas names what it fits
-- ("1280x720@30/1"): a clip normalised for another canvas is not used. Retention deletes both blobs.
ALTER TABLE clip ADD COLUMN normalised_blob VARCHAR(64);
ALTER TABLE clip ADD COLUMN canvas VARCHAR(40);
CREATE INDEX clip_normalised_blob ON clip (normalised_blob);
