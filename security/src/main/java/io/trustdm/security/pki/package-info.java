/**
 * Certificates for Secure Transports: a development certificate authority generated at first start, server and
 * device certificates issued from it (BouncyCastle), PEM and PKCS#12 files, and TLS contexts restricted to TLS 1.2
 * and 1.3. A device certificate binds the Device identity (its DevId, e.g. {@code IMEI:...}) to a key, which the
 * server uses for transport-level Authentication.
 */
package io.trustdm.security.pki;
