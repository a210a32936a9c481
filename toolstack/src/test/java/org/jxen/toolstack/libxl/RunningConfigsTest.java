package org.jxen.toolstack.libxl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jxen.config.DomainConfig;
import org.jxen.config.DomainConfigJson;
import org.junit.jupiter.api.Test;

/**
 * Every running domain's configuration real libxl 4.17 printed in the xenlab ({@code xl list -l},
 * captured in libxl-trees/) reads as the libxl backend reads a running domain's: its name, type and
 * {@code on_*} actions come through, and what the model does not hold is only what libxl adds at create.
 */
class RunningConfigsTest {
    private static final Path TREES = Path.of("src/test/resources/libxl-trees");

    @Test
    void everyCapturedRunningConfigReads() throws Exception {
        List<JsonNode> running = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TREES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().contains("dryrun")
                    && !p.getParent().getFileName().toString().equals("trace")).toList()) {
                JsonNode list = read(f);
                if (list.isArray()) {
                    list.forEach(d -> running.add(d.path("config")));
                }
            }
        }
        assertThat(running).hasSizeGreaterThan(10);
        TreeSet<String> unknown = new TreeSet<>();
        for (JsonNode config : running) {
            List<String> left = new ArrayList<>();
            DomainConfig c = DomainConfigJson.readRunning(config.toString(), left);
            assertThat(c.cInfo().name()).isEqualTo(config.path("c_info").path("name").asText());
            assertThat(c.cInfo().type().name().toLowerCase()).isEqualTo(config.path("c_info").path("type").asText());
            assertThat(c.onReboot() == null ? "" : c.onReboot().name().toLowerCase())
                    .isEqualTo(config.path("on_reboot").asText(""));
            unknown.addAll(left);
        }
        assertThat(unknown).containsExactly("b_info.sched_params.sched", "c_info.domid");
    }

    private static JsonNode read(Path f) throws IOException {
        return new ObjectMapper().readTree(f.toFile());
    }
}
