package io.trustdm.server.bootstrap;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The catalogue of bootstrap templates: a default, named group templates, and per-device overrides. A Device gets
 * its own template if one is set, else its group's, else the default. Templates hold no secrets, so sharing one
 * across a group never shares credentials: every bootstrap still generates fresh per-device secrets.
 *
 * @param defaultTemplate used when neither the device nor its group has a template
 * @param groups          group name → template
 * @param members         device id → group name
 * @param devices         device id → its own template
 */
public record BootstrapTemplates(
        BootstrapTemplate defaultTemplate,
        Map<String, BootstrapTemplate> groups,
        Map<String, String> members,
        Map<String, BootstrapTemplate> devices) {
    public BootstrapTemplates {
        Objects.requireNonNull(defaultTemplate, "defaultTemplate");
        groups = Map.copyOf(groups);
        members = Map.copyOf(members);
        devices = Map.copyOf(devices);
        for (Map.Entry<String, String> m : members.entrySet()) {
            if (!groups.containsKey(m.getValue())) {
                throw new UnknownTemplateGroupException(m.getValue());
            }
        }
    }

    /** A catalogue with only a default: every Device gets {@code template} (the single-template behaviour). */
    public static BootstrapTemplates of(BootstrapTemplate template) {
        return new BootstrapTemplates(template, Map.of(), Map.of(), Map.of());
    }

    /** This catalogue plus (or with a replaced) group template. */
    public BootstrapTemplates withGroup(String group, BootstrapTemplate template) {
        Map<String, BootstrapTemplate> g = new HashMap<>(groups);
        g.put(requireName(group), Objects.requireNonNull(template, "template"));
        return new BootstrapTemplates(defaultTemplate, g, members, devices);
    }

    /** This catalogue with {@code deviceId} a member of {@code group}, which must exist. */
    public BootstrapTemplates withMember(String deviceId, String group) {
        Map<String, String> m = new HashMap<>(members);
        m.put(Objects.requireNonNull(deviceId, "deviceId"), requireName(group));
        return new BootstrapTemplates(defaultTemplate, groups, m, devices);
    }

    /** This catalogue with {@code deviceId}'s own template, which wins over its group's. */
    public BootstrapTemplates withDeviceTemplate(String deviceId, BootstrapTemplate template) {
        Map<String, BootstrapTemplate> d = new HashMap<>(devices);
        d.put(Objects.requireNonNull(deviceId, "deviceId"), Objects.requireNonNull(template, "template"));
        return new BootstrapTemplates(defaultTemplate, groups, members, d);
    }

    /** The device's own template, else its group's, else the default. */
    public BootstrapTemplate resolve(String deviceId) {
        return resolve(deviceId, null);
    }

    /**
     * As {@link #resolve(String)}, except that a named {@code group} (may be null) replaces the device's membership.
     * A device's own template still wins: an operator choosing a group cannot undo a per-device override.
     *
     * @throws UnknownTemplateGroupException when {@code group} names no template; never a silent fallback
     */
    public BootstrapTemplate resolve(String deviceId, String group) {
        Objects.requireNonNull(deviceId, "deviceId");
        BootstrapTemplate own = devices.get(deviceId);
        if (own != null) {
            return own;
        }
        String g = group != null ? group : members.get(deviceId);
        if (g == null) {
            return defaultTemplate;
        }
        BootstrapTemplate t = groups.get(g);
        if (t == null) {
            throw new UnknownTemplateGroupException(g);
        }
        return t;
    }

    private static String requireName(String group) {
        Objects.requireNonNull(group, "group");
        if (group.isBlank()) {
            throw new IllegalArgumentException("a template group needs a name");
        }
        return group;
    }

    /** A bootstrap asked for a template group the catalogue does not have. */
    public static final class UnknownTemplateGroupException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String group;

        public UnknownTemplateGroupException(String group) {
            super("no bootstrap template group named '" + group + "'");
            this.group = group;
        }

        public String group() {
            return group;
        }
    }
}
