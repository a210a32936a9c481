package org.jxen.hv.sim;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jxen.hv.BuildResult;
import org.jxen.hv.BuildSpec;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.XenError;

/**
 * The domain builder (libxenguest's xc_dom_*): it checks the kernel and ramdisk, populates the
 * domain's memory, and sets up its XenStore and console rings with their event channels and
 * grants, as a PV guest finds them when it starts.
 */
final class DomainBuilder {
    /** The memory a domain needs at least: its two magic pages (console and XenStore rings), 4 KiB each. */
    static final long MAGIC_PAGES_KB = 2 * GuestPages.PAGE_SIZE / 1024;

    private final DomainLifecycle lifecycle;
    private final NumaMemory memory;
    private final EventChannels eventChannels;
    private final GrantTables grants;
    private final HostLog log;

    DomainBuilder(DomainLifecycle lifecycle, NumaMemory memory, EventChannels eventChannels, GrantTables grants,
            HostLog log) {
        this.lifecycle = lifecycle;
        this.memory = memory;
        this.eventChannels = eventChannels;
        this.grants = grants;
        this.log = log;
    }

    /** Builds {@code d} as {@code spec} says: its memory, its store and console rings and their ports and grants. */
    BuildResult build(SimDomain d, BuildSpec spec) throws HypervisorException {
        int domid = d.domid;
        if (d.pages == null || d.build != null || d.dying) {
            throw new HypervisorException(XenError.EINVAL, "domain " + domid + " cannot be built: "
                    + (d.pages == null ? "it is dom0" : d.dying ? "it is dying" : "it was built already"));
        }
        lifecycle.domain(spec.storeDomid());
        lifecycle.domain(spec.consoleDomid());
        open(spec.kernel(), "xc_dom_kernel_file");
        if (spec.ramdisk() != null) {
            open(spec.ramdisk(), "xc_dom_module_file");
        }
        if (spec.memKb() < MAGIC_PAGES_KB) {
            // the builder puts them at the top of the guest's memory, and fails out of memory without room
            throw new HypervisorException(XenError.ENOMEM, "domain " + domid + " has " + spec.memKb()
                    + " KiB of memory; it needs at least " + MAGIC_PAGES_KB + " KiB for its console and XenStore"
                    + " ring pages: give it more memory");
        }
        if (spec.memKb() > d.maxMemKb) {
            throw new HypervisorException(XenError.ENOMEM, "populating " + spec.memKb() + " KiB of domain " + domid
                    + " would exceed its maximum of " + d.maxMemKb + " KiB; set the maximum first");
        }
        if (!lifecycle.allocate(d, spec.memKb())) {
            throw new HypervisorException(XenError.ENOMEM, "domain " + domid + " needs " + spec.memKb()
                    + " KiB; free and unclaimed on its nodes: " + memory.unclaimedKb() + " KiB");
        }
        long pages = spec.memKb() / 4;
        int storePort;
        int consolePort;
        try {
            storePort = eventChannels.allocUnbound(domid, spec.storeDomid());
            consolePort = eventChannels.allocUnbound(domid, spec.consoleDomid());
        } catch (HypervisorException e) {
            eventChannels.closeAll(domid);
            memory.releaseAll(d.memKbByNode);
            throw e;
        }
        BuildResult result = new BuildResult(pages - 1, storePort, pages - 2, consolePort);
        d.pages.page(result.storeGfn());
        d.pages.page(result.consoleGfn());
        grants.reserve(domid, BuildResult.CONSOLE_GRANT_REF,
                new GrantTables.Grant(spec.consoleDomid(), result.consoleGfn(), false));
        grants.reserve(domid, BuildResult.XENSTORE_GRANT_REF,
                new GrantTables.Grant(spec.storeDomid(), result.storeGfn(), false));
        d.guestConsole.attach(d.pages.page(result.consoleGfn()), () -> {
            try {
                eventChannels.notify(domid, consolePort);
            } catch (HypervisorException e) {
                // the port is closed (the domain is going): nobody to tell
            }
        });
        d.targetKb = spec.memKb();
        d.build = result;
        lifecycle.setOnline(d.vcpus.getFirst(), true); // as Xen's builder: vCPU 0 only; the kernel brings up the rest
        log.traced(() -> "d" + domid + " built: " + spec.memKb() + " KiB, " + result);
        return result;
    }

    /** Opens a kernel or ramdisk file as libxenguest does, failing with its message and errno. */
    private static void open(BuildSpec.Image image, String call) throws HypervisorException {
        if (!(image instanceof BuildSpec.Image.File(Path path))) {
            return;
        }
        String fix = " (" + path + "; check the kernel and ramdisk paths of the domain's config)";
        if (Files.isDirectory(path)) {
            throw new HypervisorException(XenError.EISDIR, call + " failed: Is a directory" + fix);
        }
        try (var channel = Files.newByteChannel(path)) {
            channel.size();
        } catch (NoSuchFileException e) {
            throw new HypervisorException(XenError.ENOENT, call + " failed: No such file or directory" + fix);
        } catch (AccessDeniedException e) {
            throw new HypervisorException(XenError.EACCES, call + " failed: Permission denied" + fix);
        } catch (IOException e) {
            throw new HypervisorException(XenError.EIO, call + " failed: " + e.getMessage() + fix);
        }
    }
}
