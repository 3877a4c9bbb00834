package io.trustdm.protocol.provisioning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One {@code <characteristic type="..">}: a group of settings (APPLICATION, NAPDEF, APPAUTH, ...) holding parameters
 * and nested characteristics in document order, which matters (the first TO-NAPID is the preferred one, for example).
 */
public record Characteristic(String type, List<ProvisioningElement> children) implements ProvisioningElement {
    public Characteristic {
        XmlText.require(type, "characteristic type");
        children = List.copyOf(children);
    }

    public static Characteristic of(String type, ProvisioningElement... children) {
        return new Characteristic(type, Arrays.asList(children));
    }

    /** The parameters, in document order. */
    public List<Parm> parms() {
        List<Parm> out = new ArrayList<>();
        for (ProvisioningElement e : children) {
            if (e instanceof Parm p) {
                out.add(p);
            }
        }
        return out;
    }

    /** The parameters with this name, in document order. */
    public List<Parm> parms(String name) {
        List<Parm> out = new ArrayList<>();
        for (Parm p : parms()) {
            if (p.name().equals(name)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The first parameter with this name. */
    public Optional<Parm> parm(String name) {
        for (Parm p : parms()) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The nested characteristics, in document order. */
    public List<Characteristic> characteristics() {
        List<Characteristic> out = new ArrayList<>();
        for (ProvisioningElement e : children) {
            if (e instanceof Characteristic c) {
                out.add(c);
            }
        }
        return out;
    }

    /** The nested characteristics of this type, in document order. */
    public List<Characteristic> characteristics(String type) {
        List<Characteristic> out = new ArrayList<>();
        for (Characteristic c : characteristics()) {
            if (c.type().equals(type)) {
                out.add(c);
            }
        }
        return out;
    }
}
