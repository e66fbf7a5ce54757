/**
 * The database: PostgreSQL only. With no server configured, an embedded PostgreSQL whose data lives
 * under {@code ./data/} and survives restarts; with {@code OVERSIGHT_DATABASE_URL} set, that server.
 * Other modules never use this package's types: they receive a {@link javax.sql.DataSource}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Database")
package uk.saferschools.oversight.database;
