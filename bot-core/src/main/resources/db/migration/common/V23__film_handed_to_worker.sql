-- A film handed over to a dead process is handed over again at once, not after the delivery ack timeout. The film row
-- names the engine worker (EngineSettings.workerName) whose chat lane it was handed to; each running worker beats in
-- engine_worker every heartbeat. db-scheduler's scheduled_tasks cannot tell: it holds a worker's heartbeat only while
-- that worker runs a task, and a live worker whose chat lane holds a film may be running none. A worker whose beat is
-- older than heartbeat x missed heartbeats (db-scheduler's own rule for dead executions), or gone (stopped), is dead.
ALTER TABLE film ADD COLUMN handed_over_to VARCHAR(100);
CREATE TABLE engine_worker (
    name         VARCHAR(100) NOT NULL PRIMARY KEY,
    heartbeat_at BIGINT       NOT NULL
);
