package org.jxen.toolstack.java;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jxen.toolstack.Toolstack;
import org.jxen.toolstack.contract.ToolstackContractTest;

/** The JavaToolstack on the simulated host passes the Toolstack contract, on the host's virtual clock. */
class SimToolstackContractTest extends ToolstackContractTest {
    private SimToolstack sim;

    @Override
    protected Toolstack newToolstack(Path dir) throws IOException {
        sim = new SimToolstack(dir);
        return sim.toolstack;
    }

    /** Where SimToolstack's toolstack writes its coredump-* actions' cores. */
    @Override
    protected Path coreDumpOf(String name) {
        return dir.resolve("dump").resolve(name);
    }

    @Override
    protected void letTimePass(Duration time) {
        sim.run(time.toNanos());
    }

    @Override
    protected String bootableKernel(Path dir) throws IOException {
        return Files.write(dir.resolve("vmlinuz"), new byte[] {0x7f, 'E', 'L', 'F'}).toString();
    }

    @Override
    protected List<String> storeDump() {
        return StoreDump.of(sim.xs);
    }

    @Override
    protected String storeRead(String path) {
        return sim.xs.readOrNull(path);
    }

    @Override
    protected void closeHost() throws IOException {
        sim.close();
    }
}
