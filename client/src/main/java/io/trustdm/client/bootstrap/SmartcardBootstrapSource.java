package io.trustdm.client.bootstrap;

import io.trustdm.client.bootstrap.SmartcardException.CardAbsentException;
import io.trustdm.client.bootstrap.SmartcardException.CardCommunicationException;
import io.trustdm.client.bootstrap.SmartcardException.CardDataException;
import io.trustdm.client.bootstrap.SmartcardException.CardStatusException;
import io.trustdm.protocol.smartcard.BootstrapCardLayout;
import io.trustdm.protocol.smartcard.CardFormatException;
import io.trustdm.protocol.smartcard.Pkcs15;
import io.trustdm.protocol.smartcard.Tlv;
import io.trustdm.security.transport.TransportSecurity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import javax.smartcardio.TerminalFactory;

/**
 * Reads the bootstrap from a smartcard (SIM, UICC) through {@code javax.smartcardio}. The change request makes a
 * smartcard a Secure Transport, so the delivery carries {@link TransportSecurity#smartcard()}; the
 * {@link BootstrapProcessor} still checks SEC/MAC when the card stores one.
 *
 * <p>Steps, with the identifiers of {@link BootstrapCardLayout}: SELECT the PKCS#15 application by AID, read EF(ODF)
 * to find the DODF, read the DODF, take the data objects whose applicationOID is the DM bootstrap OID, read the EF
 * labelled {@code DM_Bootstrap} and, if present, the Content-Type EF. Every EF is read in full with READ BINARY up to
 * the size its FCP declares; a shorter file is truncated data, not a shorter bootstrap. Only the basic channel is used
 * and no PIN is ever presented (a file that needs one is reported, never retried: no PIN lockout).
 */
public final class SmartcardBootstrapSource implements BootstrapSource {
    private static final int MAX_EF = 0x7FFF;
    private static final int CHUNK = 0xF0;

    private final CardTerminal terminal;
    private final byte[] bootstrapOid;

    /** Reads from the card in {@code terminal}, looking for data objects with the DM bootstrap OID 2.23.43.7.1. */
    public SmartcardBootstrapSource(CardTerminal terminal) {
        this(terminal, BootstrapCardLayout.DM_BOOTSTRAP_OID);
    }

    /** As above with another data object OID (DER value octets), should a card issuer use a different one. */
    public SmartcardBootstrapSource(CardTerminal terminal, byte[] bootstrapOid) {
        this.terminal = Objects.requireNonNull(terminal, "terminal");
        this.bootstrapOid = bootstrapOid.clone();
    }

    /**
     * The PC/SC reader named {@code readerName}, or the first reader with a card when it is {@code null} (for the
     * device CLI).
     */
    public static SmartcardBootstrapSource onPcscReader(String readerName) throws SmartcardException {
        List<CardTerminal> list;
        try {
            list = TerminalFactory.getDefault().terminals().list();
        } catch (CardException | RuntimeException e) {
            throw new CardAbsentException("no PC/SC smartcard reader available: " + e.getMessage(), e);
        }
        for (CardTerminal t : list) {
            try {
                if (readerName == null ? t.isCardPresent() : t.getName().equals(readerName)) {
                    return new SmartcardBootstrapSource(t);
                }
            } catch (CardException e) {
                throw new CardCommunicationException("reader " + t.getName() + " failed: " + e.getMessage(), e);
            }
        }
        throw new CardAbsentException(
                readerName == null ? "no smartcard in any of " + list.size() + " reader(s)" : "no reader " + readerName,
                null);
    }

    @Override
    public BootstrapDelivery fetch() throws SmartcardException {
        Card card;
        try {
            if (!terminal.isCardPresent()) {
                throw new CardAbsentException("no smartcard in " + terminal.getName(), null);
            }
            card = terminal.connect("*");
        } catch (CardNotPresentException e) {
            throw new CardAbsentException("no smartcard in " + terminal.getName(), e);
        } catch (CardException e) {
            throw new CardCommunicationException("cannot connect to " + terminal.getName() + ": " + e.getMessage(), e);
        }
        try {
            CardChannel ch = card.getBasicChannel();
            byte[] aid = BootstrapCardLayout.PKCS15_AID;
            expectOk(transmit(ch, new CommandAPDU(0x00, 0xA4, 0x04, 0x00, aid, 256)), "SELECT PKCS#15 application");
            int dodfFid;
            List<Pkcs15.DataObject> objects;
            try {
                dodfFid = Pkcs15.dodfFid(readEf(ch, BootstrapCardLayout.FID_ODF));
                objects = Pkcs15.dataObjects(readEf(ch, dodfFid));
            } catch (CardFormatException e) {
                throw new CardDataException("PKCS#15 structure on the card is broken: " + e.getMessage(), e);
            }
            Optional<Pkcs15.DataObject> doc = find(objects, BootstrapCardLayout.LABEL_DOCUMENT);
            if (doc.isEmpty()) {
                throw new CardDataException(
                        "the card's DODF has no " + BootstrapCardLayout.LABEL_DOCUMENT + " data object", null);
            }
            byte[] document = readEf(ch, doc.get().fid());
            if (document.length == 0) {
                throw new CardDataException("the bootstrap EF is empty", null);
            }
            Optional<Pkcs15.DataObject> ct = find(objects, BootstrapCardLayout.LABEL_CONTENT_TYPE);
            String contentType = ct.isPresent()
                    ? new String(readEf(ch, ct.get().fid()), StandardCharsets.US_ASCII).strip()
                    : BootstrapCardLayout.sniffMediaType(document);
            return new BootstrapDelivery(
                    document, contentType, TransportSecurity.smartcard(), "smartcard in " + terminal.getName());
        } finally {
            try {
                card.disconnect(false);
            } catch (CardException ignored) {
                // the card is gone; nothing was left open on it
            }
        }
    }

    private Optional<Pkcs15.DataObject> find(List<Pkcs15.DataObject> objects, String label) {
        return objects.stream()
                .filter(o -> o.hasOid(bootstrapOid) && o.label().equals(label))
                .findFirst();
    }

    /** SELECT the EF by FID (asking for its FCP) and READ BINARY all of it. */
    private static byte[] readEf(CardChannel ch, int fid) throws SmartcardException {
        String name = "EF " + BootstrapCardLayout.fidName(fid);
        ResponseAPDU sel =
                transmit(ch, new CommandAPDU(0x00, 0xA4, 0x00, 0x04, new byte[] {(byte) (fid >> 8), (byte) fid}, 256));
        expectOk(sel, "SELECT " + name);
        int size = declaredSize(sel.getData(), name);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        while (out.size() < size) {
            int offset = out.size();
            int want = Math.min(CHUNK, size - offset);
            ResponseAPDU r = transmit(ch, new CommandAPDU(0x00, 0xB0, (offset >> 8) & 0x7F, offset & 0xFF, want));
            int sw = r.getSW();
            if (sw == 0x6B00 || sw == 0x6282) {
                out.writeBytes(r.getData());
                throw new CardDataException(
                        name + " is truncated: its FCP declares " + size + " octets, the card returned " + out.size(),
                        null);
            }
            expectOk(r, "READ BINARY " + name + " at " + offset);
            if (r.getData().length == 0) {
                throw new CardDataException(name + " returned no data at offset " + offset + " of " + size, null);
            }
            out.writeBytes(r.getData());
        }
        if (out.size() > size) {
            throw new CardDataException(name + " returned more octets than its FCP declares", null);
        }
        return out.toByteArray();
    }

    /** The file size from an FCP template (62 { 80 size ... }). */
    private static int declaredSize(byte[] fcp, String name) throws CardDataException {
        try {
            List<Tlv> top = Tlv.readAll(fcp, "FCP of " + name);
            if (top.isEmpty() || top.get(0).tag() != 0x62) {
                throw new CardDataException("SELECT " + name + " returned no FCP template", null);
            }
            Tlv size = top.get(0)
                    .child(0x80, "FCP of " + name)
                    .or(() -> top.get(0).child(0x81, "FCP of " + name))
                    .orElseThrow(() -> new CardFormatException("FCP has no file size", "FCP of " + name));
            int n = 0;
            for (byte b : size.value()) {
                n = (n << 8) | (b & 0xFF);
                if (n > MAX_EF) {
                    throw new CardDataException(name + " is larger than a bootstrap can be", null);
                }
            }
            return n;
        } catch (CardFormatException e) {
            throw new CardDataException("FCP of " + name + " is malformed: " + e.getMessage(), e);
        }
    }

    /** One command, following 61xx (GET RESPONSE) and 6Cxx (repeat with the right Le) as ISO 7816-4 asks. */
    private static ResponseAPDU transmit(CardChannel ch, CommandAPDU c) throws CardCommunicationException {
        try {
            ResponseAPDU r = ch.transmit(c);
            if (r.getSW1() == 0x6C) {
                r = ch.transmit(new CommandAPDU(
                        c.getCLA(), c.getINS(), c.getP1(), c.getP2(), c.getData(), r.getSW2() == 0 ? 256 : r.getSW2()));
            }
            ByteArrayOutputStream data = null;
            for (int i = 0; i < 64 && r.getSW1() == 0x61; i++) {
                if (data == null) {
                    data = new ByteArrayOutputStream();
                }
                data.writeBytes(r.getData());
                r = ch.transmit(new CommandAPDU(0x00, 0xC0, 0x00, 0x00, r.getSW2() == 0 ? 256 : r.getSW2()));
            }
            if (data != null) {
                data.writeBytes(r.getData());
                data.write(r.getSW1());
                data.write(r.getSW2());
                r = new ResponseAPDU(data.toByteArray());
            }
            return r;
        } catch (CardException | IllegalStateException e) {
            throw new CardCommunicationException("card stopped answering: " + e.getMessage(), e);
        }
    }

    private static void expectOk(ResponseAPDU r, String command) throws CardStatusException {
        if (r.getSW() != 0x9000) {
            throw new CardStatusException(command, r.getSW());
        }
    }
}
