package io.trustdm.security.policy;

/**
 * The normative rules (shared/spec/security.md §9) a decision rests on, named in decisions and audit events so that a
 * log line says which rule refused what.
 */
public enum SecurityRule {
    CR_1("CR-1", "bootstrap is delivered only over a secure transport"),
    CR_2("CR-2", "transport-neutral security MAY be added to a bootstrap"),
    CR_4("CR-4", "a smartcard is a secure transport"),
    CR_5("CR-5", "secure transport = authentication, integrity and encryption"),
    CR_6("CR-6", "transport authentication and integrity MUST be used when available"),
    CR_7("CR-7", "transport confidentiality SHOULD be used when available"),
    CR_8("CR-8", "transport-neutral integrity MUST be used when the transport lacks authentication and integrity"),
    CR_9("CR-9", "transport-neutral confidentiality SHOULD be used when the transport lacks confidentiality"),
    A_1("A-1", "client and server are authenticated to each other"),
    A_4("A-4", "a challenged party answers with the requested type or the session ends"),
    A_5("A-5", "without transport session authentication every message is authenticated"),
    A_7("A-7", "401 and 407 carry a challenge"),
    A_8("A-8", "after 212 no further authentication is needed in the session"),
    A_10("A-10", "the authentication type does not change during a session"),
    A_13("A-13", "a client challenged in Package 2 sends Package 1 again with credentials"),
    A_15("A-15", "after a failure one more challenge with a new nonce is made"),
    H_1("H-1", "the HMAC travels in x-syncml-hmac, never in Cred"),
    H_2("H-2", "HMAC expected but missing is an authentication failure"),
    H_3("H-3", "once HMAC is used every message uses it, with status 200 and a new nonce"),
    DOWNGRADE("REC-DOWNGRADE", "an account never falls back to weaker security than it was provisioned with");

    private final String id;
    private final String summary;

    SecurityRule(String id, String summary) {
        this.id = id;
        this.summary = summary;
    }

    /** The identifier in the rule table, e.g. {@code CR-8}. */
    public String id() {
        return id;
    }

    public String summary() {
        return summary;
    }
}
