/**
 * The server side of Management Sessions (OMA-TS-DM_Protocol §2.3): authenticate the Device, answer Package 1,
 * deliver queued management jobs in packages 2 and 4, correlate the Device's Status and Results with the commands
 * that caused them, and end the session when nothing is left. The registry, job queue and authentication are
 * reached through small interfaces so that storage and security stay in their own packages.
 */
package io.trustdm.server.session;
