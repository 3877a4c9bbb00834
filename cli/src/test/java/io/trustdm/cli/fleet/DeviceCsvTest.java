package io.trustdm.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.security.auth.AuthScheme;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceCsvTest {
    @TempDir
    Path dir;

    @Test
    void reads_the_admin_import_format_in_any_column_order_with_quotes() throws Exception {
        Path f = dir.resolve("devices.csv");
        Files.writeString(f, """
                \uFEFFusername,devId,auth,password,serverPassword
                dev1,IMEI:111111111111111,md5,"pa,ss""1",srv-1

                dev2,IMEI:222222222222222,HMAC,secret2,
                """, StandardCharsets.UTF_8);
        List<FleetDevice> d = DeviceCsv.read(f, false);
        assertThat(d).hasSize(2);
        assertThat(d.get(0))
                .isEqualTo(new FleetDevice("IMEI:111111111111111", AuthScheme.MD5, "dev1", "pa,ss\"1", "srv-1", false));
        assertThat(d.get(1).scheme()).isEqualTo(AuthScheme.HMAC);
        assertThat(d.get(1).serverPassword()).isNull();
    }

    @Test
    void a_missing_column_is_named() {
        assertThatThrownBy(() -> DeviceCsv.parse("devId,auth,username\nIMEI:1,md5,u\n", "f.csv", false))
                .isInstanceOf(FleetInputException.class)
                .hasMessageContaining("f.csv line 1")
                .hasMessageContaining("lacks the column password");
    }

    @Test
    void bad_lines_fail_the_whole_file_with_their_line_number() {
        String header = "devId,auth,username,password\n";
        assertThatThrownBy(() -> DeviceCsv.parse(header + "IMEI:1,md5,u,p\nIMEI:2,md5,u\n", "f", false))
                .hasMessageContaining("line 3")
                .hasMessageContaining("3 cells");
        assertThatThrownBy(() -> DeviceCsv.parse(header + "IMEI:1,rsa,u,p\n", "f", false))
                .hasMessageContaining("auth must be md5, hmac or basic");
        assertThatThrownBy(() -> DeviceCsv.parse(header + "IMEI:1,md5,u,\"p\n", "f", false))
                .hasMessageContaining("not closed");
        assertThatThrownBy(() -> DeviceCsv.parse(header + "IMEI:1,md5,u,p\nIMEI:1,md5,v,q\n", "f", false))
                .hasMessageContaining("appears twice");
        assertThatThrownBy(() -> DeviceCsv.parse(header + "IMEI:1,md5,,p\n", "f", false))
                .hasMessageContaining("username is empty");
        assertThatThrownBy(() -> DeviceCsv.parse(header, "f", false)).hasMessageContaining("lists no devices");
        assertThatThrownBy(() -> DeviceCsv.parse("", "f", false)).hasMessageContaining("is empty");
    }

    @Test
    void a_missing_file_is_a_clear_error() {
        assertThatThrownBy(() -> DeviceCsv.read(dir.resolve("nope.csv"), false))
                .isInstanceOf(FleetInputException.class)
                .hasMessageContaining("no such file");
    }

    @Test
    void certificate_flag_is_carried_to_every_device() {
        List<FleetDevice> d = DeviceCsv.parse("devId,auth,username,password\nIMEI:1,md5,u,p\n", "f", true);
        assertThat(d.get(0).certificateRequired()).isTrue();
    }
}
