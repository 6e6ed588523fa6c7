-- A provider task reference can be more than an id: fal's queue hands out the URLs its request is followed at, and
-- they are kept with the clip so that polls after a restart use them as given. 1024 characters hold all three.
ALTER TABLE clip ALTER COLUMN provider_task_id SET DATA TYPE VARCHAR(1024);
