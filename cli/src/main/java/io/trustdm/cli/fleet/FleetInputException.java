package io.trustdm.cli.fleet;

/** Input the fleet simulator cannot use: a bad option value, a malformed device CSV file, a refused registration. */
public final class FleetInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public FleetInputException(String message) {
        super(message);
    }
}
