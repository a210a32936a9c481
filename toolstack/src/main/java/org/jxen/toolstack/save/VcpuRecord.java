package org.jxen.toolstack.save;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One vCPU of a saved domain.
 *
 * @param id the vCPU's number
 * @param online whether it was online
 * @param hardAffinity the physical CPUs it may run on (empty: all)
 * @param softAffinity the physical CPUs it prefers (empty: all)
 * @param context its register state, opaque to the image (the hypervisor's own encoding)
 */
public record VcpuRecord(int id, boolean online, List<Integer> hardAffinity, List<Integer> softAffinity,
        byte[] context) {
    public VcpuRecord {
        if (id < 0) {
            throw new IllegalArgumentException("vcpu " + id + ": negative vCPU id");
        }
        hardAffinity = List.copyOf(hardAffinity);
        softAffinity = List.copyOf(softAffinity);
        context = context.clone();
    }

    /** A copy: the record stays a value. */
    @Override
    public byte[] context() {
        return context.clone();
    }

    int contextLength() {
        return context.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VcpuRecord that && id == that.id && online == that.online
                && hardAffinity.equals(that.hardAffinity) && softAffinity.equals(that.softAffinity)
                && Arrays.equals(context, that.context);
    }

    @Override
    public int hashCode() {
        return ((id * 31 + Boolean.hashCode(online)) * 31 + hardAffinity.hashCode()) * 31 + Arrays.hashCode(context);
    }

    @Override
    public String toString() {
        return "VcpuRecord[id=" + id + ", online=" + online + ", hardAffinity=" + hardAffinity + ", softAffinity="
                + softAffinity + ", context=" + HexFormat.of().formatHex(context) + "]";
    }
}
