package io.trustdm.protocol.provisioning;

import java.util.Locale;
import java.util.Optional;

/**
 * One {@code <parm name=".." value=".."/>}. The value is {@code null} when the attribute is absent, which is how
 * flag parameters such as {@code INIT} are written; an empty value is kept apart from an absent one.
 *
 * <p>{@link #toString()} hides the value of parameters that carry secrets ({@link #isSecret()}), so documents can be
 * logged.
 */
public record Parm(String name, String value) implements ProvisioningElement {
    public Parm {
        XmlText.require(name, "parm name");
        if (value != null) {
            XmlText.require(value, "parm value");
        }
    }

    public static Parm of(String name, String value) {
        return new Parm(name, value);
    }

    /** A parameter without a value, such as {@code INIT}. */
    public static Parm flag(String name) {
        return new Parm(name, null);
    }

    public Optional<String> optionalValue() {
        return Optional.ofNullable(value);
    }

    /**
     * True for parameters whose value is a credential: the PROV names AAUTHSECRET, AAUTHDATA (a nonce), AUTHSECRET,
     * PXAUTH-PW, BASAUTH-PW and PROXY-PW, and, for vendor parameters, any name containing SECRET, PASSWORD, PW, PIN or
     * KEY.
     */
    public boolean isSecret() {
        String n = name.toUpperCase(Locale.ROOT);
        return n.contains("SECRET")
                || n.contains("PASSWORD")
                || n.endsWith("PW")
                || n.contains("-PW")
                || n.contains("PIN")
                || n.contains("KEY")
                || n.equals("AAUTHDATA");
    }

    @Override
    public String toString() {
        if (value == null) {
            return "Parm[" + name + "]";
        }
        return "Parm[" + name + "=" + (isSecret() ? "<" + value.length() + " chars hidden>" : value) + "]";
    }
}
