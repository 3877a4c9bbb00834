package io.trustdm.security.policy;

/** Where the policies send their audit events (a logger, a database table, a test list). */
@FunctionalInterface
public interface SecurityAuditSink {
    void record(SecurityAuditEvent event);

    /** A sink that drops events; the decision still carries its event. */
    static SecurityAuditSink discard() {
        return event -> {};
    }
}
