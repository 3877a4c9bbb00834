package io.trustdm.protocol.obex;

/**
 * OBEX request opcodes (IrOBEX 1.2 §3.3). The high bit is the <em>final</em> bit: a PUT or GET split over several
 * packets has it clear on all but the last request packet.
 */
public final class ObexOpcode {
    public static final int FINAL = 0x80;
    public static final int CONNECT = 0x80;
    public static final int DISCONNECT = 0x81;
    public static final int PUT = 0x02;
    public static final int PUT_FINAL = 0x82;
    public static final int GET = 0x03;
    public static final int GET_FINAL = 0x83;
    public static final int SETPATH = 0x85;
    public static final int ABORT = 0xFF;

    private ObexOpcode() {}

    /** The opcode without its final bit, except for CONNECT, DISCONNECT, SETPATH and ABORT, which are always final. */
    public static int base(int opcode) {
        return opcode == PUT_FINAL || opcode == GET_FINAL ? opcode & ~FINAL : opcode;
    }

    public static boolean isFinal(int opcode) {
        return (opcode & FINAL) != 0;
    }

    /** A readable name for logs. */
    public static String name(int opcode) {
        return switch (opcode) {
            case CONNECT -> "CONNECT";
            case DISCONNECT -> "DISCONNECT";
            case PUT -> "PUT";
            case PUT_FINAL -> "PUT(final)";
            case GET -> "GET";
            case GET_FINAL -> "GET(final)";
            case SETPATH -> "SETPATH";
            case ABORT -> "ABORT";
            default -> String.format("opcode 0x%02X", opcode);
        };
    }
}
