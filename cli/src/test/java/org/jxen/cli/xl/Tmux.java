package org.jxen.cli.xl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real terminal for a test: a tmux server of its own, one session running a command; closing kills it. */
final class Tmux implements AutoCloseable {
    private final String server;

    /** Starts {@code shellCommand} (sh -c) in a {@code width} × {@code height} terminal. */
    Tmux(String name, int width, int height, String shellCommand) throws Exception {
        this.server = name + "-" + ProcessHandle.current().pid();
        run("new-session", "-d", "-x", Integer.toString(width), "-y", Integer.toString(height), "sh", "-c", shellCommand);
    }

    /** Types {@code keys} as tmux names them ({@code q}, {@code C-]}). */
    void send(String keys) throws Exception {
        run("send-keys", keys);
    }

    /** The screen once it shows {@code text}; fails after 30 s without. */
    String await(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String pane = run("capture-pane", "-p");
        while (!pane.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            pane = run("capture-pane", "-p");
        }
        assertThat(pane).as("the terminal within 30 s").contains(text);
        return pane;
    }

    private String run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", server));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("tmux %s: %s", String.join(" ", args), out).isZero();
        return out;
    }

    @Override
    public void close() throws Exception {
        new ProcessBuilder("tmux", "-L", server, "kill-server").start().waitFor(10, TimeUnit.SECONDS);
    }
}
