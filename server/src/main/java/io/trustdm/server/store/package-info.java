/**
 * JDBC storage: the {@link io.trustdm.server.store.Database} entry point (H2 file database in the data directory by
 * default, PostgreSQL by JDBC URL, Flyway migrations, HikariCP pool), the stores for devices, accounts, nonces, jobs,
 * results, alerts, audit events and authentication failures, and {@link io.trustdm.server.store.JdbcRegistry}, which
 * plugs them into the session engine. Secrets are sealed by {@link io.trustdm.server.store.SecretSealer} before they
 * reach a table; nothing here logs a secret or a nonce.
 */
package io.trustdm.server.store;
