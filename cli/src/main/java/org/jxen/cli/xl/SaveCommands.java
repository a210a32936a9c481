package org.jxen.cli.xl;

import static org.jxen.cli.xl.Args.Opt.flag;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.jxen.api.XenApiFailure;

/**
 * {@code save}, {@code restore} and {@code dump-core}: the domain's image or core in a file on
 * jxend's host (relative paths are made absolute here, so they mean the same to a jxend on this
 * machine).
 */
final class SaveCommands {
    /** What jxend says of a save file that is not there, in xl's (strerror's) words. */
    static final String NO_FILE = "No such file or directory";

    private SaveCommands() {
    }

    static XlCommand save() {
        return XlCommand.of("save", "[options] <Domain> <CheckpointFile>", "Save a domain state to restore later", 2, 2,
                SaveCommands::save, flag('c', null, "Leave domain running after creating the snapshot"));
    }

    static XlCommand restore() {
        return XlCommand.of("restore", "[options] [<ConfigFile>] <CheckpointFile>", "Restore a domain from a saved state",
                1, 2, SaveCommands::restore, flag('p', null, "Do not unpause domain after restoring it"));
    }

    static XlCommand dumpCore() {
        return XlCommand.of("dump-core", "<Domain> <filename>", "Core dump a domain", 2, 2, SaveCommands::dumpCore);
    }

    /** The core is written on jxend's host, as the save image is (a relative path made absolute here). */
    private static int dumpCore(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
        DomainRow d = Domains.find(api, args.positional(0), id -> XlFailure.of("core dump failed (rc=-3)"));
        try {
            api.onDomain("dump_domain_core", d.domid(), Path.of(args.positional(1)).toAbsolutePath().toString());
        } catch (XenApiFailure e) {
            throw XlFailure.of("core dump failed: " + Failures.reason(e));
        }
        return 0;
    }

    private static int save(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
        DomainRow d = Domains.find(api, args.positional(0), id -> XlFailure.of("unable to retrieve domain configuration"));
        String path = Path.of(args.positional(1)).toAbsolutePath().toString();
        err.println("Saving to " + path + " new xl format");
        try {
            api.onDomain("save_domain", d.domid(), path, args.has('c'));
        } catch (XenApiFailure e) {
            throw XlFailure.of(Failures.reason(e) + "\nFailed to save domain, resuming domain");
        }
        return 0;
    }

    /**
     * With a config file, the domain gets its devices, name and UUID from it instead of from the
     * image, as {@code xl restore CONFIG FILE} does; jxend reads it as {@code xl create} would.
     */
    private static int restore(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
        boolean configGiven = args.positional().size() == 2;
        String path = Path.of(args.positional(configGiven ? 1 : 0)).toAbsolutePath().toString();
        String config = "";
        String configFile = "";
        if (configGiven) {
            Path cfg = Path.of(args.positional(0));
            config = ConfigFiles.read(cfg);
            configFile = cfg.toAbsolutePath().toString();
            err.println("Parsing config from " + cfg);
        }
        try {
            api.call("jxen.restore_domain", path, args.has('p'), config, configFile);
        } catch (XenApiFailure e) {
            String reason = Failures.reason(e);
            throw XlFailure.of(reason.equals(NO_FILE) ? "Can't open restore file: " + reason
                    : "Can't restore " + path + ": " + reason);
        }
        return 0;
    }
}
