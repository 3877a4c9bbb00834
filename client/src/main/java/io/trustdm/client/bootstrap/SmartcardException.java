package io.trustdm.client.bootstrap;

import java.io.IOException;

/**
 * Reading the bootstrap from a smartcard failed. The subtypes say what the Device should tell its user: insert a card
 * ({@link CardAbsentException}), the card refused a command ({@link CardStatusException}), the card's files are cut
 * short or malformed ({@link CardDataException}), or the reader stopped answering ({@link CardCommunicationException}).
 */
public abstract sealed class SmartcardException extends IOException
        permits SmartcardException.CardAbsentException,
                SmartcardException.CardStatusException,
                SmartcardException.CardDataException,
                SmartcardException.CardCommunicationException {
    private static final long serialVersionUID = 1L;

    SmartcardException(String message, Throwable cause) {
        super(message, cause);
    }

    /** No card in the reader, or no reader at all. */
    public static final class CardAbsentException extends SmartcardException {
        private static final long serialVersionUID = 1L;

        public CardAbsentException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The card answered a command with a status word other than 90 00 (e.g. 6A 82 file not found). */
    public static final class CardStatusException extends SmartcardException {
        private static final long serialVersionUID = 1L;
        private final int statusWord;

        public CardStatusException(String command, int statusWord) {
            super(command + " answered " + String.format("%04X", statusWord) + " (" + meaning(statusWord) + ")", null);
            this.statusWord = statusWord;
        }

        /** SW1SW2 as one number, e.g. {@code 0x6A82}. */
        public int statusWord() {
            return statusWord;
        }

        static String meaning(int sw) {
            return switch (sw) {
                case 0x6A82 -> "file or application not found";
                case 0x6982 -> "security status not satisfied: the file needs a PIN";
                case 0x6983 -> "authentication method blocked";
                case 0x6985 -> "conditions of use not satisfied";
                case 0x6A86, 0x6B00 -> "wrong parameters";
                case 0x6D00 -> "instruction not supported";
                case 0x6E00 -> "class not supported";
                case 0x6999 -> "applet selection failed";
                default -> (sw & 0xFFF0) == 0x63C0 ? "PIN wrong, " + (sw & 0x0F) + " tries left" : "card error";
            };
        }
    }

    /** The card's files do not hold a complete bootstrap layout (truncated EF, broken TLV, missing DODF entry). */
    public static final class CardDataException extends SmartcardException {
        private static final long serialVersionUID = 1L;

        public CardDataException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The reader or card stopped answering (PC/SC error, card pulled out mid-read). */
    public static final class CardCommunicationException extends SmartcardException {
        private static final long serialVersionUID = 1L;

        public CardCommunicationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
