/** Device authentication for server sessions: certificate-bound identities and DM-layer credentials. */
package io.trustdm.server.auth;
