package org.jxen.xen.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Running the real software tests compare against: commands to completion, and whether a tool is installed. */
public final class Commands {
    private Commands() {
    }

    /** Why {@code tool} cannot run here (its Debian package), or null when it is on the PATH. */
    public static String toolMissing(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return null;
            }
        }
        return tool + " not installed (Debian package " + (tool.startsWith("xenstore-") ? "xenstore-utils" : tool) + ")";
    }

    /** Runs a command to completion; returns its stdout, throws with its stderr when it fails. */
    public static String run(List<String> command) {
        return run(command, Map.of());
    }

    public static String run(List<String> command, Map<String, String> env) {
        return run(command, env, Duration.ofSeconds(60));
    }

    /** Runs a command for at most {@code timeout}; a command still running then fails with what it printed so far. */
    public static String run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(env);
            Path err = Files.createTempFile("cmd", ".err");
            Path outFile = Files.createTempFile("cmd", ".out");
            pb.redirectError(err.toFile()).redirectOutput(outFile.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                p.destroyForcibly().waitFor();
            }
            String out = Files.readString(outFile, StandardCharsets.UTF_8);
            String stderr = Files.readString(err);
            Files.delete(err);
            Files.delete(outFile);
            if (!finished) {
                throw new AssertionError(command + " did not finish within " + timeout.toSeconds() + " s\nstdout: "
                        + out + "\nstderr: " + stderr);
            }
            if (p.exitValue() != 0) {
                throw new CommandFailed(command, p.exitValue(), out, stderr);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command);
        }
    }

    /** A command that exited non-zero. */
    public static final class CommandFailed extends AssertionError {
        public final int exitCode;
        public final String stdout;
        public final String stderr;

        CommandFailed(List<String> command, int exitCode, String stdout, String stderr) {
            super(command + " exited " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }
}
