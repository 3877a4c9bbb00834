package io.trustdm.tree.acl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The value of a node's ACL property: which ServerIDs may run which command (OMA DM TND §8.3.7.1), e.g.
 * {@code Add=*&Get=srv1+srv2&Replace=srv1}. Rights go to ServerIDs (the DMAcc {@code ServerID} a session was
 * authenticated as), never to addresses or certificates; {@code *} grants a command to every server and, when mixed
 * with ids, wins.
 *
 * <p>Grammar, as this class reads and prints it:
 *
 * <pre>
 * acl       = "" / entry *( "&amp;" entry )
 * entry     = command "=" server-id *( "+" server-id )
 * command   = "Add" / "Delete" / "Exec" / "Get" / "Replace"
 * server-id = "*" / 1*( any character except "=", "&amp;", "*", "+", white space and control characters )
 * </pre>
 *
 * A command without ids ({@code Get=}) is malformed. A command written twice is read as the union of its ids; an id
 * written twice for one command counts once. The empty ACL means "no value": the node inherits the ACL of its
 * nearest ancestor that has one, whole and never merged per command.
 *
 * <p>Instances are immutable. {@link #toString()} prints the canonical text: commands in the order they were first
 * given, ids in their order, so that parse and print round-trip.
 */
public final class Acl {
    /** The wildcard server id. */
    public static final String ANY = "*";

    /** No value: inherit from the nearest ancestor. */
    public static final Acl EMPTY = new Acl(new LinkedHashMap<>());

    private final Map<AclCommand, Set<String>> entries;

    private Acl(LinkedHashMap<AclCommand, LinkedHashSet<String>> entries) {
        LinkedHashMap<AclCommand, Set<String>> copy = new LinkedHashMap<>();
        for (Map.Entry<AclCommand, LinkedHashSet<String>> e : entries.entrySet()) {
            copy.put(e.getKey(), Collections.unmodifiableSet(new LinkedHashSet<>(e.getValue())));
        }
        this.entries = Collections.unmodifiableMap(copy);
    }

    /**
     * Reads an ACL value.
     *
     * @throws AclFormatException when the text breaks the grammar
     */
    public static Acl parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            return EMPTY;
        }
        LinkedHashMap<AclCommand, LinkedHashSet<String>> entries = new LinkedHashMap<>();
        int pos = 0;
        while (true) {
            int amp = text.indexOf('&', pos);
            int end = amp < 0 ? text.length() : amp;
            parseEntry(text, pos, end, entries);
            if (amp < 0) {
                break;
            }
            pos = amp + 1;
        }
        return new Acl(entries);
    }

    private static void parseEntry(
            String text, int start, int end, LinkedHashMap<AclCommand, LinkedHashSet<String>> entries) {
        int eq = text.indexOf('=', start);
        if (eq < 0 || eq >= end) {
            throw new AclFormatException("ACL entry without '='", start);
        }
        String name = text.substring(start, eq);
        AclCommand cmd = AclCommand.byWireName(name)
                .orElseThrow(() -> new AclFormatException("unknown ACL command '" + name + "'", start));
        if (eq + 1 == end) {
            throw new AclFormatException("ACL command " + name + " has no server id", eq + 1);
        }
        LinkedHashSet<String> ids = entries.computeIfAbsent(cmd, k -> new LinkedHashSet<>());
        int pos = eq + 1;
        while (true) {
            int plus = text.indexOf('+', pos);
            int idEnd = plus < 0 || plus > end ? end : plus;
            String id = text.substring(pos, idEnd);
            String problem = checkServerId(id);
            if (problem != null) {
                throw new AclFormatException(problem, pos);
            }
            ids.add(id);
            if (idEnd == end) {
                return;
            }
            pos = idEnd + 1;
        }
    }

    /** Null when {@code id} is a valid server id (or {@code *}); otherwise what is wrong with it. */
    static String checkServerId(String id) {
        if (id.isEmpty()) {
            return "empty server id";
        }
        if (id.equals(ANY)) {
            return null;
        }
        for (int i = 0; i < id.length(); ) {
            int cp = id.codePointAt(i);
            if (cp == '=' || cp == '&' || cp == '*' || cp == '+') {
                return "server id contains '" + (char) cp + "'";
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)) {
                return "server id contains white space or a control character";
            }
            if (Character.isSurrogate(id.charAt(i)) && Character.charCount(cp) == 1) {
                return "server id is not valid Unicode";
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    /** True when {@code id} may appear in an ACL as a server id (the wildcard excluded). */
    public static boolean isValidServerId(String id) {
        return id != null && !id.equals(ANY) && checkServerId(id) == null;
    }

    /** A builder for ACLs made in code. */
    public static Builder builder() {
        return new Builder();
    }

    /** An ACL granting each listed command to {@link #ANY}. */
    public static Acl anyServer(AclCommand... commands) {
        Builder b = builder();
        for (AclCommand c : commands) {
            b.grant(c, ANY);
        }
        return b.build();
    }

    /** An ACL granting each listed command to one server. */
    public static Acl forServer(String serverId, AclCommand... commands) {
        Builder b = builder();
        for (AclCommand c : commands) {
            b.grant(c, serverId);
        }
        return b.build();
    }

    /** True when this ACL has no value (the node inherits). */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The commands that have an entry, in their printed order. */
    public Set<AclCommand> commands() {
        return entries.keySet();
    }

    /** The ids listed for {@code command}, possibly {@code *}; empty when the command has no entry. */
    public Set<String> serverIds(AclCommand command) {
        return entries.getOrDefault(command, Set.of());
    }

    /** True when {@code command} is granted to {@code serverId} by this ACL itself (no inheritance here). */
    public boolean grants(AclCommand command, String serverId) {
        Set<String> ids = entries.get(command);
        return ids != null && (ids.contains(ANY) || ids.contains(serverId));
    }

    /** True when {@code command} is granted to every server ({@code *}). */
    public boolean grantsEveryone(AclCommand command) {
        return serverIds(command).contains(ANY);
    }

    /** This ACL with {@code serverId} also granted {@code command}. */
    public Acl with(AclCommand command, String serverId) {
        return toBuilder().grant(command, serverId).build();
    }

    /** This ACL without any entry for {@code command}. */
    public Acl withoutCommand(AclCommand command) {
        Builder b = toBuilder();
        b.entries.remove(command);
        return b.build();
    }

    /**
     * This ACL with {@code serverId} removed from every command; a command left without ids disappears (the rule for
     * a deleted ServerID, OMA DM TND §8.3.7.1).
     */
    public Acl withoutServerId(String serverId) {
        Builder b = toBuilder();
        List<AclCommand> emptied = new ArrayList<>();
        for (Map.Entry<AclCommand, LinkedHashSet<String>> e : b.entries.entrySet()) {
            e.getValue().remove(serverId);
            if (e.getValue().isEmpty()) {
                emptied.add(e.getKey());
            }
        }
        emptied.forEach(b.entries::remove);
        return b.build();
    }

    /** A builder holding this ACL's entries. */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (Map.Entry<AclCommand, Set<String>> e : entries.entrySet()) {
            b.entries.put(e.getKey(), new LinkedHashSet<>(e.getValue()));
        }
        return b;
    }

    /** The canonical ACL text, e.g. {@code Add=*&Get=srv1+srv2}; empty for {@link #EMPTY}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<AclCommand, Set<String>> e : entries.entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(e.getKey().wireName()).append('=').append(String.join("+", e.getValue()));
        }
        return sb.toString();
    }

    /** Two ACLs are equal when they grant the same ids for the same commands, whatever the order. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Acl other)) {
            return false;
        }
        return new EnumMap<>(asSets()).equals(new EnumMap<>(other.asSets()));
    }

    private Map<AclCommand, Set<String>> asSets() {
        Map<AclCommand, Set<String>> m = new EnumMap<>(AclCommand.class);
        for (Map.Entry<AclCommand, Set<String>> e : entries.entrySet()) {
            m.put(e.getKey(), Set.copyOf(e.getValue()));
        }
        return m;
    }

    @Override
    public int hashCode() {
        return asSets().hashCode();
    }

    /** Builds an ACL; server ids are checked as they are added. */
    public static final class Builder {
        private final LinkedHashMap<AclCommand, LinkedHashSet<String>> entries = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Grants {@code command} to {@code serverId} ({@code *} for every server).
         *
         * @throws IllegalArgumentException when {@code serverId} cannot appear in an ACL
         */
        public Builder grant(AclCommand command, String serverId) {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(serverId, "serverId");
            String problem = checkServerId(serverId);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            entries.computeIfAbsent(command, k -> new LinkedHashSet<>()).add(serverId);
            return this;
        }

        /** Grants several commands to one server. */
        public Builder grant(String serverId, AclCommand... commands) {
            for (AclCommand c : commands) {
                grant(c, serverId);
            }
            return this;
        }

        public Acl build() {
            return entries.isEmpty() ? EMPTY : new Acl(entries);
        }
    }
}
