package org.jxen.hv;

/**
 * What {@link Hypervisor#build} set up for the guest's XenStore and console: each ring's guest frame
 * (granted at reference 1 and 0 to the domain serving it) and the guest's unbound port for it, as
 * libxl writes them to {@code store/ring-ref}, {@code store/port}, {@code console/ring-ref},
 * {@code console/port}.
 */
public record BuildResult(long storeGfn, int storePort, long consoleGfn, int consolePort) {
    /** Grant references libxenguest seeds ({@code GNTTAB_RESERVED_CONSOLE}, {@code GNTTAB_RESERVED_XENSTORE}). */
    public static final int CONSOLE_GRANT_REF = 0;
    public static final int XENSTORE_GRANT_REF = 1;
}
