package io.trustdm.client.session;

import io.trustdm.protocol.message.StatusCode;
import java.util.List;
import java.util.Map;

/** The Device's user interface for the UI alerts 1100–1104 (OMA-TS-DM_Protocol §2.5). */
@FunctionalInterface
public interface UserInteraction {

    /**
     * A UI alert to show.
     *
     * @param code    1100 display, 1101 confirm, 1102 text input, 1103 single choice, 1104 multiple choice
     * @param options parsed options (MINDT, MAXDT, DR, MAXLEN, IT, ET)
     * @param text    the text or title
     * @param choices the choices, numbered from 1 in this order
     */
    record Request(int code, Map<String, String> options, String text, List<String> choices) {}

    /**
     * The user's answer as the status to send (200 done/yes, 304 no, 214 cancelled, 408 timeout, 416 cannot
     * display) and the returned items (input text, or chosen indices).
     */
    record Answer(int status, List<String> items) {
        public static Answer of(int status, String... items) {
            return new Answer(status, List.of(items));
        }
    }

    Answer ask(Request request);

    /** A Device without a user interface: every UI alert is answered 406. */
    UserInteraction NONE = r -> Answer.of(StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED);
}
