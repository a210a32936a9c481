package org.jxen.cli.xl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxen.cli.JxendForTest;

/**
 * {@code scripts/jxl-completion.bash} in a real bash: subcommands, a command's options, domain names
 * from jxend, files for {@code create}. jxl is a script on the path that runs this test's jxl
 * against a jxend in this process. Not covered: completion inside an interactive terminal.
 */
class JxlCompletionTest {
    private static final Path SCRIPT = Path.of("../scripts/jxl-completion.bash");

    @TempDir
    static Path dir;
    private static JxendForTest jxend;
    private static Path bin;

    @BeforeAll
    static void start() throws Exception {
        jxend = JxendForTest.start(dir.resolve("jxend"));
        bin = Files.createDirectories(dir.resolve("bin"));
        jxend.launcher(bin);
        Path cfg = Files.copy(XlGolden.DIR.resolve("xenlab-guest.cfg"), dir.resolve("guest.cfg"));
        assertThat(jxend.jxl("create", cfg.toString(), "name=\"alpha\"").status()).isZero();
        assertThat(jxend.jxl("create", cfg.toString(), "name=\"alpine\"").status()).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        jxend.close();
    }

    /** What completing the last word of {@code line} offers, one per line, sorted. */
    private static String complete(String line) throws Exception {
        String script = ". '" + SCRIPT.toAbsolutePath() + "'\nCOMP_WORDS=(" + line + ")\n"
                + "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n_jxl\nprintf '%s\\n' \"${COMPREPLY[@]}\" | sort\n";
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).directory(dir.toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static String jxl() {
        return "'" + bin.resolve("jxl") + "'";
    }

    @Test
    void subcommands() throws Exception {
        assertThat(complete(jxl() + " vcpu-")).isEqualTo("vcpu-list\nvcpu-pin\nvcpu-set\n");
        assertThat(complete(jxl() + " --socket x li")).isEqualTo("list\n");
    }

    @Test
    void optionsOfTheCommand() throws Exception {
        assertThat(complete(jxl() + " shutdown -")).isEqualTo("--all\n--help\n--wait\n-F\n-a\n-h\n-w\n");
    }

    @Test
    void domainNamesFromJxend() throws Exception {
        assertThat(complete(jxl() + " pause al")).isEqualTo("alpha\nalpine\n");
        assertThat(complete(jxl() + " list D")).isEqualTo("Domain-0\n");
    }

    @Test
    void filesWhereTheCommandTakesOne() throws Exception {
        assertThat(complete(jxl() + " create gue")).isEqualTo("guest.cfg\n");
    }
}
