package io.trustdm.it.interop;

import io.trustdm.protocol.codec.DecodeLimits;
import io.trustdm.protocol.message.Add;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Atomic;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Copy;
import io.trustdm.protocol.message.Delete;
import io.trustdm.protocol.message.Element;
import io.trustdm.protocol.message.Exec;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemData;
import io.trustdm.protocol.message.Meta;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.Results;
import io.trustdm.protocol.message.Sequence;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.SyncBody;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.wbxml.WbxmlDecoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/** The two explicit, documented treatments of TNDS trees inside {@code Data} that the peers need. */
final class TndsPayloads {
    static final String TNDS_WBXML = "application/vnd.syncml.dmtnds+wbxml";

    private TndsPayloads() {}

    /** A message after {@link #decodeNestedTnds}, with how many nested documents were decoded. */
    record Expanded(SyncMl message, int nestedDocuments) {}

    /**
     * xml2wbxml turns a TNDS tree written as markup inside {@code Data} into a separate WBXML DM DDF document carried
     * as OPAQUE, and retypes it {@code ...dmtnds+wbxml} (protocol.md §7.6; peers.md §1 "Quirks" 2 and 4). TrustDM's
     * decoder rightly hands such data over as opaque bytes. This decodes each such nested document with
     * {@link WbxmlDecoder#decodeDdf} (TrustDM's own DDF decoder, which is thereby tested too) and puts the tree back as
     * markup, so that the message can be compared with its XML source. Only opaque data typed {@code +wbxml} that
     * starts with a WBXML version byte is touched; a nested document that does not decode fails the test.
     */
    static Expanded decodeNestedTnds(SyncMl m) {
        int[] count = {0};
        List<Command> commands = commands(m.body().commands(), count);
        return new Expanded(
                new SyncMl(m.header(), new SyncBody(commands, m.body().isFinal())), count[0]);
    }

    private static List<Command> commands(List<Command> in, int[] count) {
        return in.stream().map(c -> command(c, count)).toList();
    }

    private static Command command(Command c, int[] count) {
        if (c instanceof Add a) {
            return new Add(a.cmdId(), a.noResp(), a.cred(), a.meta(), items(a.items(), a.meta(), count));
        } else if (c instanceof Replace r) {
            return new Replace(r.cmdId(), r.noResp(), r.cred(), r.meta(), items(r.items(), r.meta(), count));
        } else if (c instanceof Delete d) {
            return new Delete(d.cmdId(), d.noResp(), d.cred(), d.meta(), items(d.items(), d.meta(), count));
        } else if (c instanceof Get g) {
            return new Get(g.cmdId(), g.noResp(), g.cred(), g.meta(), items(g.items(), g.meta(), count));
        } else if (c instanceof Copy k) {
            return new Copy(k.cmdId(), k.noResp(), k.cred(), k.meta(), items(k.items(), k.meta(), count));
        } else if (c instanceof Exec e) {
            return new Exec(
                    e.cmdId(), e.noResp(), e.cred(), e.meta(), e.correlator(), items(e.items(), e.meta(), count));
        } else if (c instanceof Alert a) {
            return new Alert(a.cmdId(), a.noResp(), a.cred(), a.data(), a.correlator(), items(a.items(), null, count));
        } else if (c instanceof Atomic a) {
            return new Atomic(a.cmdId(), a.noResp(), a.meta(), commands(a.commands(), count));
        } else if (c instanceof Sequence s) {
            return new Sequence(s.cmdId(), s.noResp(), s.meta(), commands(s.commands(), count));
        } else if (c instanceof Status s) {
            return new Status(
                    s.cmdId(),
                    s.msgRef(),
                    s.cmdRef(),
                    s.cmd(),
                    s.targetRefs(),
                    s.sourceRefs(),
                    s.cred(),
                    s.chal(),
                    s.data(),
                    items(s.items(), null, count));
        } else if (c instanceof Results r) {
            return new Results(
                    r.cmdId(),
                    r.msgRef(),
                    r.cmdRef(),
                    r.meta(),
                    r.targetRef(),
                    r.sourceRef(),
                    items(r.items(), r.meta(), count));
        }
        return c;
    }

    private static List<Item> items(List<Item> in, Meta commandMeta, int[] count) {
        return in.stream().map(i -> item(i, commandMeta, count)).toList();
    }

    private static Item item(Item i, Meta commandMeta, int[] count) {
        Meta effective = commandMeta == null ? i.meta() : commandMeta.overriddenBy(i.meta());
        if (i.data() instanceof ItemData.Opaque o
                && effective != null
                && TNDS_WBXML.equals(effective.type())
                && o.length() > 0
                && o.bytes()[0] >= 1
                && o.bytes()[0] <= 3) {
            Element tree = WbxmlDecoder.decodeDdf(o.bytes(), DecodeLimits.DEFAULT);
            count[0]++;
            return new Item(i.target(), i.source(), i.meta(), new ItemData.Markup(tree), i.moreData());
        }
        return i;
    }

    /**
     * The document without its DM DDF markup: every element in namespace {@code syncml:dmddf1.2} is dropped with its
     * content, and so is the whitespace that surrounded it, leaving {@code <Data></Data>}. Used for Horde, which
     * knows no DM DDF code page at all (it fails on such documents both ways; the tests assert that failure and then
     * compare the rest of the message through this variant). Uses the JDK's StAX, not TrustDM's reader.
     */
    static byte[] withoutDdfMarkup(byte[] xml) {
        try {
            XMLStreamReader r = XmlMeaning.factory().createXMLStreamReader(new ByteArrayInputStream(xml));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(bytes, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            Deque<boolean[]> hadDdf = new ArrayDeque<>();
            StringBuilder pendingBlank = new StringBuilder();
            int skipping = 0;
            while (r.hasNext()) {
                int e = r.next();
                if (skipping > 0) {
                    if (e == XMLStreamConstants.START_ELEMENT) {
                        skipping++;
                    } else if (e == XMLStreamConstants.END_ELEMENT) {
                        skipping--;
                    }
                    continue;
                }
                switch (e) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
                        if (ns.toLowerCase(Locale.ROOT).equals(PeerQuirks.DDF_NS)) {
                            skipping = 1;
                            pendingBlank.setLength(0);
                            if (!hadDdf.isEmpty()) {
                                hadDdf.peek()[0] = true;
                            }
                            continue;
                        }
                        w.writeCharacters(pendingBlank.toString());
                        pendingBlank.setLength(0);
                        String prefix = r.getPrefix() == null ? "" : r.getPrefix();
                        w.writeStartElement(prefix, r.getLocalName(), ns);
                        for (int k = 0; k < r.getNamespaceCount(); k++) {
                            String p = r.getNamespacePrefix(k);
                            if (p == null || p.isEmpty()) {
                                w.writeDefaultNamespace(r.getNamespaceURI(k));
                            } else {
                                w.writeNamespace(p, r.getNamespaceURI(k));
                            }
                        }
                        for (int k = 0; k < r.getAttributeCount(); k++) {
                            w.writeAttribute(
                                    r.getAttributePrefix(k) == null ? "" : r.getAttributePrefix(k),
                                    r.getAttributeNamespace(k) == null ? "" : r.getAttributeNamespace(k),
                                    r.getAttributeLocalName(k),
                                    r.getAttributeValue(k));
                        }
                        hadDdf.push(new boolean[1]);
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (r.getText().isBlank()) {
                            pendingBlank.append(r.getText());
                        } else {
                            w.writeCharacters(pendingBlank.toString());
                            pendingBlank.setLength(0);
                            w.writeCharacters(r.getText());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        if (!hadDdf.pop()[0]) {
                            w.writeCharacters(pendingBlank.toString());
                        }
                        pendingBlank.setLength(0);
                        w.writeEndElement();
                    }
                    default -> {
                        // declaration, DOCTYPE, comments: not needed by the peers
                    }
                }
            }
            w.writeEndDocument();
            w.close();
            r.close();
            return bytes.toByteArray();
        } catch (XMLStreamException ex) {
            throw new IllegalArgumentException("cannot strip DM DDF markup: " + ex.getMessage(), ex);
        }
    }
}
