package org.jxen.cli.xl;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.jxen.api.XenApiFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code save} and {@code restore}: the domain's image in a file on jxend's host (relative paths
 * are made absolute here, so they mean the same to a jxend on this machine).
 */
public final class SaveCommands {
    private SaveCommands() {
    }

    @Command(name = "save", description = "Save a domain state to restore later")
    public static final class Save extends XlCommand {
        @Option(names = "-c", description = "leave the domain running after saving")
        boolean checkpoint;

        @Parameters(index = "0", paramLabel = "Domain")
        String domain;

        @Parameters(index = "1", paramLabel = "CheckpointFile")
        Path file;

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            DomainRow d = Domains.find(api, domain);
            String path = file.toAbsolutePath().toString();
            err.println("Saving to " + path + " new xl format");
            try {
                api.onDomain("save_domain", d.domid(), path, checkpoint);
            } catch (XenApiFailure e) {
                throw XlFailure.of(Failures.reason(e) + "\nFailed to save domain, resuming domain");
            }
            return 0;
        }
    }

    /** What jxend says of a save file that is not there, in xl's (strerror's) words. */
    static final String NO_FILE = "No such file or directory";

    @Command(name = "restore", description = "Restore a domain from a saved state")
    public static final class Restore extends XlCommand {
        @Option(names = "-p", description = "do not unpause the domain after restoring it")
        boolean paused;

        @Parameters(index = "0", paramLabel = "CheckpointFile")
        Path file;

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            String path = file.toAbsolutePath().toString();
            try {
                api.call("jxen.restore_domain", path, paused);
            } catch (XenApiFailure e) {
                String reason = Failures.reason(e);
                throw XlFailure.of(reason.equals(NO_FILE) ? "Can't open restore file: " + reason
                        : "Can't restore " + path + ": " + reason);
            }
            return 0;
        }
    }
}
