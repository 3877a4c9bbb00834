package io.trustdm.security.policy;

/** The outcome of a security decision. */
public enum Verdict {
    /** Go ahead (and meet the decision's obligations). */
    ACCEPT,
    /**
     * Do not execute anything in this message; answer with the decision's status (401 or 407) and its challenge. The
     * session may continue if the peer then authenticates.
     */
    CHALLENGE,
    /** End the session now. There is no fallback. */
    TERMINATE,
    /** Do not send this message, or do not accept this bootstrap. */
    REFUSE
}
