/**
 * The transport-independent security core of TrustDM: what OMA DM Security asks of every message, bootstrap and
 * notification, without knowing whether the bytes travel over HTTPS, OBEX, WAP Push or a smartcard.
 *
 * <ul>
 *   <li>{@code auth}: DM-level credentials ({@code syncml:auth-basic}, {@code syncml:auth-md5}), the
 *       {@code x-syncml-hmac} integrity header, nonces, challenges and their verification;
 *   <li>{@code notification}: the Package #0 digest;
 *   <li>{@code bootstrap}: the SEC/MAC of a bootstrap document (NETWPIN, USERPIN, USERNETWPIN, USERPINMAC);
 *   <li>{@code transport}: what a concrete channel provides ({@link io.trustdm.security.transport.TransportSecurity});
 *   <li>{@code policy}: the single decision points ({@link io.trustdm.security.policy.MessageSecurityPolicy},
 *       {@link io.trustdm.security.policy.BootstrapTransportPolicy}) and their audit events.
 * </ul>
 *
 * <p>Only JDK cryptography is used here. Secrets travel as {@link io.trustdm.security.Secret}, which never prints its
 * value.
 */
package io.trustdm.security;
