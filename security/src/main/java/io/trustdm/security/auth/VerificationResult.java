package io.trustdm.security.auth;

import java.util.Objects;

/**
 * What checking one piece of authentication evidence (a {@code Cred}, an {@code x-syncml-hmac} header) found. The
 * policy turns it into a decision; the detail is for logs and never contains secrets.
 *
 * @param scheme  the scheme the evidence claimed; {@code null} when there was no evidence or no readable type
 * @param outcome what was found
 * @param detail  a short explanation
 */
public record VerificationResult(AuthScheme scheme, Outcome outcome, String detail) {
    /** The possible findings. Only {@link #VALID} authenticates. */
    public enum Outcome {
        /** No evidence was sent. */
        MISSING,
        /** The evidence checks out. */
        VALID,
        /** Well-formed, but the digest, MAC, name or password is wrong. */
        INVALID,
        /** Unreadable or placed where DM forbids it (e.g. a MAC in {@code Cred}). Treated like {@link #INVALID}. */
        MALFORMED,
        /** A scheme DM names but this toolkit does not implement (X509, SecurID, ...). */
        UNSUPPORTED_SCHEME
    }

    public VerificationResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }

    public static VerificationResult missing() {
        return new VerificationResult(null, Outcome.MISSING, "no credentials");
    }

    public static VerificationResult missing(AuthScheme scheme) {
        return new VerificationResult(scheme, Outcome.MISSING, "no " + scheme.aauthType() + " evidence");
    }

    public static VerificationResult valid(AuthScheme scheme) {
        return new VerificationResult(scheme, Outcome.VALID, scheme.aauthType() + " verified");
    }

    public static VerificationResult invalid(AuthScheme scheme, String detail) {
        return new VerificationResult(scheme, Outcome.INVALID, detail);
    }

    public static VerificationResult malformed(AuthScheme scheme, String detail) {
        return new VerificationResult(scheme, Outcome.MALFORMED, detail);
    }

    public static VerificationResult unsupported(AuthScheme scheme) {
        return new VerificationResult(
                scheme, Outcome.UNSUPPORTED_SCHEME, scheme.aauthType() + " is not supported by this toolkit");
    }

    public boolean isValid() {
        return outcome == Outcome.VALID;
    }

    public boolean isMissing() {
        return outcome == Outcome.MISSING;
    }

    /** True when evidence was sent and did not verify (wrong, unreadable or an unsupported scheme). */
    public boolean isFailure() {
        return outcome != Outcome.VALID && outcome != Outcome.MISSING;
    }
}
