-- db-scheduler 16 table for H2. db-scheduler ships no H2 script; adapted from its PostgreSQL one:
-- TEXT -> VARCHAR (H2 cannot index or key CLOB/TEXT columns), BYTEA -> BLOB. Timestamps stay
-- TIMESTAMP WITH TIME ZONE, which is what db-scheduler's default JDBC customization (used for H2, which it does not
-- detect by name) assumes. Locking: the default fetch-and-lock-on-execute strategy uses an optimistic
-- UPDATE ... WHERE version = ?, which H2 supports; lock-and-fetch (SKIP LOCKED) is not used.
CREATE TABLE scheduled_tasks (
    task_name            VARCHAR(100) NOT NULL,
    task_instance        VARCHAR(200) NOT NULL,
    task_data            BLOB,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN NOT NULL,
    picked_by            VARCHAR(100),
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
