/**
 * Where Storyreel keeps things: the JDBC database (H2 file or PostgreSQL, migrated by Flyway), the content-addressed
 * blob store for photos, clips and films, and the data folder around them (owner-only permissions, free-space floor,
 * which processes are using the database).
 */
package io.storyreel.core.storage;
