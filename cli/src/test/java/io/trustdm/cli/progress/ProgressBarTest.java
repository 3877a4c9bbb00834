package io.trustdm.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void render_fills_cells_in_proportion_and_pads_the_count_to_the_total_width() {
        assertThat(ProgressBar.render("import", 0, 10, 10)).isEqualTo("import [..........]  0/10   0%");
        assertThat(ProgressBar.render("import", 5, 10, 10)).isEqualTo("import [#####.....]  5/10  50%");
        assertThat(ProgressBar.render("import", 10, 10, 10)).isEqualTo("import [##########] 10/10 100%");
        assertThat(ProgressBar.render("x", 1, 3, 6)).isEqualTo("x [##....] 1/3  33%");
    }

    @Test
    void render_of_an_empty_batch_is_complete_and_done_beyond_total_is_clamped() {
        assertThat(ProgressBar.render("x", 0, 0, 4)).isEqualTo("x [####] 0/0 100%");
        assertThat(ProgressBar.render("x", 7, 5, 5)).isEqualTo("x [#####] 5/5 100%");
    }

    @Test
    void on_a_terminal_it_redraws_one_line_with_carriage_returns_and_ends_with_a_newline() {
        try (ProgressBar bar = new ProgressBar(out, "run", 2, true, 4)) {
            bar.step();
            bar.step();
        }
        assertThat(written())
                .isEqualTo("\rrun [....] 0/2   0%" + "\rrun [##..] 1/2  50%" + "\rrun [####] 2/2 100%"
                        + System.lineSeparator());
    }

    @Test
    void on_a_terminal_a_message_clears_the_bar_prints_its_line_and_redraws_the_bar() {
        try (ProgressBar bar = new ProgressBar(out, "run", 2, true, 2)) {
            bar.message("line 2: refused");
        }
        String bar0 = "run [..] 0/2   0%";
        assertThat(written())
                .isEqualTo("\r" + bar0 + "\r" + " ".repeat(bar0.length()) + "\r" + "line 2: refused"
                        + System.lineSeparator() + "\r" + bar0 + System.lineSeparator());
    }

    @Test
    void elsewhere_it_draws_nothing_and_messages_are_plain_lines() {
        try (ProgressBar bar = new ProgressBar(out, "run", 3, false, 10)) {
            bar.step();
            bar.message("line 3: refused");
            bar.step();
            bar.step();
            assertThat(bar.done()).isEqualTo(3);
        }
        assertThat(written()).isEqualTo("line 3: refused" + System.lineSeparator());
        assertThat(written()).doesNotContain("\r").doesNotContain("#");
    }

    @Test
    void steps_beyond_the_total_are_clamped() {
        try (ProgressBar bar = new ProgressBar(out, "run", 1, false, 10)) {
            bar.step();
            bar.step();
            assertThat(bar.done()).isEqualTo(1);
        }
    }

    @Test
    void nonsense_sizes_are_refused() {
        assertThatThrownBy(() -> new ProgressBar(out, "x", -1, false, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProgressBar(out, "x", 1, false, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
