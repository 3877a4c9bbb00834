/**
 * In-memory registry and job queue: for tests, the demo's first steps, and embedding. Nothing here survives a
 * restart; the JDBC stores are the production choice.
 */
package io.trustdm.server.memory;
