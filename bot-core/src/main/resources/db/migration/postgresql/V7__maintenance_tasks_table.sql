-- The maintenance scheduler's own db-scheduler table (same layout as scheduled_tasks): recurring housekeeping such
-- as the retention sweep runs on it, so neither scheduler ever sees the other's tasks as unknown (db-scheduler
-- deletes executions of task names it does not know after 14 days).
CREATE TABLE maintenance_tasks (
    task_name            TEXT NOT NULL,
    task_instance        TEXT NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX maintenance_execution_time_idx ON maintenance_tasks (execution_time);
CREATE INDEX maintenance_last_heartbeat_idx ON maintenance_tasks (last_heartbeat);
CREATE INDEX priority_maintenance_execution_time_idx ON maintenance_tasks (priority DESC, execution_time ASC);
