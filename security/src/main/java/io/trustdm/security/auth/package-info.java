/**
 * DM-level authentication and transport-neutral integrity (OMA DM Security 1.2 §5.1.3–5.1.4): the credential schemes
 * {@code syncml:auth-basic} and {@code syncml:auth-md5}, the keyed-MD5 {@code x-syncml-hmac} header, nonces and
 * challenges, and {@link io.trustdm.security.auth.CredentialVerifier} for the side that checks them.
 *
 * <p>All three schemes hang off one value, {@link io.trustdm.security.auth.DigestKey} = B64(H(name ":" password)): an
 * authenticator can store that key instead of the clear password and still check Basic, MD5 and HMAC. Nonces are
 * always handled as raw octets; a NextNonce is base64-decoded before it is hashed (hashing the base64 text is the
 * classic interop bug). Every comparison of a digest or MAC is constant-time.
 */
package io.trustdm.security.auth;
