package org.jxen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jxl -N create as xl -N create: JSON on stdout, warnings and errors on stderr, exit status. */
class JxlTest {
    private static final Path CORPUS = Path.of("../config/src/test/resources/xlcfg/corpus");

    private record Run(int status, String out, String err) {
    }

    private static Run jxl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Jxl.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void dryRunPrintsLibxlsJson() throws IOException {
        // a fixed UUID in place of the random one libxl picked: then the whole text must be libxl's
        Run r = jxl("-N", "create", CORPUS.resolve("disk-keyvalue.cfg").toString(), "uuid=\"3a2c4e52-6b0e-4b3a-9f0e-1d2c3b4a5e6f\"");
        assertThat(r.status()).isZero();
        String libxl = Files.readString(CORPUS.resolve("disk-keyvalue.json"))
                .replaceFirst("\"uuid\": \"[0-9a-f-]+\"", "\"uuid\": \"3a2c4e52-6b0e-4b3a-9f0e-1d2c3b4a5e6f\"");
        assertThat(r.out()).isEqualTo(libxl);
        assertThat(r.err()).startsWith("Parsing config from ");
    }

    @Test
    void argumentsAfterTheFileActAsLinesAtItsEnd(@TempDir Path dir) throws IOException {
        Path base = Files.writeString(dir.resolve("vm.cfg"), "name='a'\nkernel='/k'\nmemory=128\ndisk=['/d,raw,xvda,rw']\n");
        Path whole = Files.writeString(dir.resolve("whole.cfg"),
                Files.readString(base) + "memory=512\ndisk+=['/e,raw,xvdb,rw']\nuuid='00000000-0000-0000-0000-000000000001'\n");
        Run overridden = jxl("-N", "create", base.toString(), "memory=512", "disk+=['/e,raw,xvdb,rw']",
                "uuid='00000000-0000-0000-0000-000000000001'");
        Run written = jxl("-N", "create", whole.toString());
        assertThat(overridden.status()).isZero();
        assertThat(overridden.out()).isEqualTo(written.out()).contains("\"max_memkb\": 524288", "\"vdev\": \"xvdb\"");
    }

    @Test
    void aRefusalComesAfterTheWarningsXlPrintsBeforeIt() {
        // rnv-022: rdm= warns (libxlu's message, read before pci=), then pci='s second device is refused
        Run r = jxl("-N", "create", CORPUS.resolve("rnv-022.cfg").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().skip(1).toList()).containsExactly("Unknown RDM strategy option: bogus",
                CORPUS.resolve("rnv-022.cfg") + ":5:1: unable to parse PCI_SPEC_STRING `power_mgmt=1,0:0.8' for passthrough");
    }

    @Test
    void badFilesFailWithWhereAndWhat(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.cfg"), "name='a'\ndisk=[ 'x'\nvcpus=2\n");
        Run r = jxl("-N", "create", bad.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(bad + ":3:1: expected ',' or ']' to close the list opened at 2:6");
        Run missing = jxl("-N", "create", dir.resolve("missing.cfg").toString());
        assertThat(missing.err()).isEqualTo("Failed to read config file: " + dir.resolve("missing.cfg")
                + ": No such file or directory\n");
        assertThat(missing.status()).as("xl's status for a config it cannot read").isEqualTo(3);
        Run noJxend = jxl("--socket", dir.resolve("no.sock").toString(), "create", bad.toString());
        assertThat(noJxend.err()).contains("jxl: jxend is not running").contains("./jxen up");
        assertThat(noJxend.status()).isEqualTo(1);
    }
}
