package org.jxen.toolstack.java;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.TreeSet;
import org.jxen.config.DomainConfig;
import org.jxen.config.XlConfigParser;
import org.jxen.config.XlDomainReader;
import org.jxen.hv.BuildSpec;
import org.jxen.hv.sim.Topology;
import org.jxen.toolstack.CreateOptions;
import org.jxen.toolstack.Domain;
import org.jxen.xen.testing.Commands;
import org.jxen.xen.testing.Oracles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JavaToolstack on the simulated host writes the trees real libxl 4.17 wrote in the xenlab
 * for the same configs and steps, node for node, values and permissions, with only what
 * legitimately differs masked ({@link LibxlTrees}) and the differences docs/toolstack.md lists.
 */
class LibxlTreesTest {
    /** The lab's kernel and ramdisk: the simulated builder needs their existence, not their bytes. */
    private static final BootImages LAB_FILES = path -> new BuildSpec.Image.Memory(new byte[] {0x7f, 'E', 'L', 'F'});

    private static DomainConfig config(String name) throws Exception {
        return XlDomainReader.read(XlConfigParser.parse(name + ".cfg", LibxlTrees.capture("configs/" + name + ".cfg")))
                .config();
    }

    @Test
    void pvBasicPausedThenRunning(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Oracles.available("LibxlTreesTest xenstore-ls", Commands.toolMissing("xenstore-ls")));
        try (SimToolstack s = SimToolstack.withImages(dir, Topology.laptop(), LAB_FILES)) {
            Domain d = s.toolstack.create(config("pv-basic"), CreateOptions.DEFAULT.paused(true));
            TreeSet<String> ours = LibxlTrees.domain(LibxlTrees.live(s.machine.socket()), d.domid());
            TreeSet<String> libxl = LibxlTrees.domain(LibxlTrees.capture("pv-basic/03-create-paused.xs"), 1);
            assertThat(LibxlTrees.only(libxl, ours)).as("written by libxl, not by us").isEmpty();
            assertThat(LibxlTrees.only(ours, libxl)).as("written by us, not by libxl").isEmpty();
        }
    }
}
