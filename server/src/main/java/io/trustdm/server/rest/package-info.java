/**
 * The northbound REST API ({@code /api/v1}) on Jetty's core Handler API: JSON over HTTPS, bearer-token
 * authentication, RFC 9457 problem details for every error, and the OpenAPI 3.1 document that describes exactly the
 * routes served. The operations themselves live behind {@link io.trustdm.server.api.ManagementApi}.
 */
package io.trustdm.server.rest;
