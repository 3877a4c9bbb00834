package io.trustdm.tree.acl;

import java.util.Optional;

/**
 * The commands an ACL entry can grant (OMA DM TND §8.3.7.1). There is deliberately no Copy: a Copy needs the rights
 * of the equivalent Get and Replace.
 */
public enum AclCommand {
    ADD("Add"),
    DELETE("Delete"),
    EXEC("Exec"),
    GET("Get"),
    REPLACE("Replace");

    private final String wireName;

    AclCommand(String wireName) {
        this.wireName = wireName;
    }

    /** The name as written in an ACL, e.g. {@code Replace}. */
    public String wireName() {
        return wireName;
    }

    /** The command with this exact (case-sensitive) name. */
    public static Optional<AclCommand> byWireName(String name) {
        for (AclCommand c : values()) {
            if (c.wireName.equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
