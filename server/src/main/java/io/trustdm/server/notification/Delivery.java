package io.trustdm.server.notification;

import java.util.Objects;

/**
 * What a bearer said about one notification push. The split decides what {@link NotificationService} does next: an
 * accepted push waits for the Device's Alert 1200, a refused one is not retried (the request itself is wrong: bad
 * address, forbidden, duplicate push id), an unavailable one is retried with backoff.
 */
public sealed interface Delivery {

    /** The bearer took the push; {@code reference} is its handle for it (a PAP push-id, or a UDP address). */
    record Accepted(String reference, int code, String description) implements Delivery {
        public Accepted {
            Objects.requireNonNull(reference, "reference");
        }
    }

    /** The bearer refused the push for a reason that a retry cannot fix (PAP 2xxx codes). */
    record Refused(int code, String description) implements Delivery {}

    /** The bearer could not take the push now (PAP 3xxx/4xxx codes, HTTP 5xx): retry later. */
    record Unavailable(int code, String description) implements Delivery {}
}
