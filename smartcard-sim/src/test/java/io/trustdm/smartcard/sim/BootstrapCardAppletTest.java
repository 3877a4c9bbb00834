package io.trustdm.smartcard.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.smartcard.BootstrapCardLayout;
import io.trustdm.protocol.smartcard.CardImage;
import java.util.HexFormat;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.Test;

class BootstrapCardAppletTest {
    private static final byte[] DOC = HexFormat.of().parseHex("030B6A00" + "41".repeat(600));

    private static CardChannel personalised(CardImage image) throws Exception {
        SimulatedCardTerminal t = SimulatedCardTerminal.withBootstrapApplet("test reader");
        new CardPersonaliser(t.connect("*").getBasicChannel()).personalise(image);
        return t.connect("*").getBasicChannel();
    }

    private static ResponseAPDU selectEf(CardChannel ch, int fid) throws Exception {
        return ch.transmit(new CommandAPDU(0x00, 0xA4, 0x00, 0x04, new byte[] {(byte) (fid >> 8), (byte) fid}, 256));
    }

    @Test
    void serves_every_ef_of_the_image_with_its_fcp_size_and_read_binary() throws Exception {
        CardChannel ch = personalised(CardImage.bootstrap(DOC, null));
        assertThat(ch.transmit(new CommandAPDU(0x00, 0xA4, 0x04, 0x00, BootstrapCardLayout.PKCS15_AID))
                        .getSW())
                .isEqualTo(0x9000);
        ResponseAPDU fcp = selectEf(ch, BootstrapCardLayout.FID_BOOTSTRAP);
        assertThat(fcp.getSW()).isEqualTo(0x9000);
        assertThat(HexFormat.of().withUpperCase().formatHex(fcp.getData()))
                .isEqualTo(String.format("620B8002%04X8201018302%04X", DOC.length, BootstrapCardLayout.FID_BOOTSTRAP));
        ResponseAPDU r = ch.transmit(new CommandAPDU(0x00, 0xB0, 0x02, 0x00, 0x10));
        assertThat(r.getSW()).isEqualTo(0x9000);
        assertThat(r.getData()).containsExactly(java.util.Arrays.copyOfRange(DOC, 0x200, 0x210));
        assertThat(selectEf(ch, 0x7777).getSW()).as("unknown EF").isEqualTo(0x6A82);
    }

    @Test
    void after_personalisation_the_files_are_read_only() throws Exception {
        CardChannel ch = personalised(CardImage.bootstrap(DOC, null));
        ch.transmit(new CommandAPDU(0x00, 0xA4, 0x04, 0x00, BootstrapCardLayout.PKCS15_AID));
        selectEf(ch, BootstrapCardLayout.FID_BOOTSTRAP);
        assertThat(ch.transmit(new CommandAPDU(0x00, 0xD6, 0x00, 0x00, new byte[] {1}))
                        .getSW())
                .isEqualTo(0x6982);
        assertThat(ch.transmit(new CommandAPDU(0x80, 0xE0, 0x00, 0x00, new byte[] {0x60, 0x00, 0x00, 0x10}))
                        .getSW())
                .isEqualTo(0x6985);
    }

    @Test
    void an_interrupted_personalisation_reads_short_with_end_of_file_status() throws Exception {
        SimulatedCardTerminal t = SimulatedCardTerminal.withBootstrapApplet("test reader");
        CardPersonaliser p = new CardPersonaliser(t.connect("*").getBasicChannel());
        p.selectApplication(BootstrapCardLayout.PKCS15_AID);
        p.createFile(0x5208, 100);
        p.write(0, new byte[40]);
        CardChannel ch = t.connect("*").getBasicChannel();
        ch.transmit(new CommandAPDU(0x00, 0xA4, 0x04, 0x00, BootstrapCardLayout.PKCS15_AID));
        selectEf(ch, 0x5208);
        ResponseAPDU r = ch.transmit(new CommandAPDU(0x00, 0xB0, 0x00, 0x00, 100));
        assertThat(r.getSW()).isEqualTo(0x6282);
        assertThat(r.getData()).hasSize(40);
    }
}
