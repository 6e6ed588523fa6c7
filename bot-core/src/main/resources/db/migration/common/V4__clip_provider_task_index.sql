-- Provider callbacks name a task: find the clip that follows it without scanning every clip.
CREATE INDEX clip_provider_task ON clip (provider, provider_task_id);
