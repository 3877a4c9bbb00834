package io.trustdm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvCellsTest {
    @Test
    void quoted_cells_keep_commas_and_doubled_quotes() {
        assertThat(CsvCells.split("IMEI:1,md5,\"p,1\",\"say \"\"hi\"\"\","))
                .containsExactly("IMEI:1", "md5", "p,1", "say \"hi\"", "");
    }

    @Test
    void a_quote_inside_an_unquoted_cell_or_an_open_quote_is_refused() {
        assertThatThrownBy(() -> CsvCells.split("IMEI:1,p\"w"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quote");
        assertThatThrownBy(() -> CsvCells.split("IMEI:1,\"pw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not closed");
    }
}
