package org.jxen.config;

import java.util.List;

/**
 * The device and CPU specifications xl reads on its command line ({@code xl block-attach},
 * {@code network-attach}, {@code vcpu-pin}), read by the same rules as in an xl.cfg file. Errors
 * name {@code where} (the command's name) instead of a file position.
 */
public final class DeviceSpecs {
    private DeviceSpecs() {
    }

    /**
     * One disk, as {@code xl block-attach DOMAIN SPEC...}: xl-disk-configuration(5), each of the
     * command's arguments a specification of its own, read one after the other into the one disk.
     */
    public static DomainConfig.Disk disk(List<String> specs, String where) throws ConfigException {
        return DiskSpec.parse(specs, new Position(where, 0, 0));
    }

    /** One network interface, as {@code xl network-attach DOMAIN KEY=VALUE...} (joined with commas). */
    public static DomainConfig.Nic nic(String spec, int devid, String where) throws ConfigException {
        return NicSpec.parse(spec, devid, new Position(where, 0, 0), warning -> { }); // as before: not shown
    }

    /** A CPU list ({@code 0-3,^2}, {@code all}, {@code nodes:1}) on {@code host}, as {@code xl vcpu-pin} takes it. */
    public static List<Integer> cpus(String spec, HostCpus host, String where) throws ConfigException {
        return CpuList.parse(spec, host, new Position(where, 0, 0));
    }
}
