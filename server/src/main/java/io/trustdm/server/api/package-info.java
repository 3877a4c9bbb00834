/**
 * The northbound management seam: what an operator (REST API, web console, CLI) may ask of the server, in the
 * domain's words. {@link io.trustdm.server.api.ManagementApi} is implemented over the in-memory registry today and over
 * the JDBC stores later; nothing here knows about HTTP, JSON or SQL, and no type here carries a secret outward.
 */
package io.trustdm.server.api;
