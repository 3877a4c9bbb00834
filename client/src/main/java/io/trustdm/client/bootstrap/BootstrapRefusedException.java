package io.trustdm.client.bootstrap;

import io.trustdm.security.policy.SecurityDecision;

/** A bootstrap the Device will not apply, with the policy decision that says why. */
public final class BootstrapRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient SecurityDecision decision;

    public BootstrapRefusedException(String message, SecurityDecision decision) {
        super(message);
        this.decision = decision;
    }

    /** The policy's decision, or {@code null} when the document itself was unusable. */
    public SecurityDecision decision() {
        return decision;
    }
}
