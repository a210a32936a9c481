package org.jxen.daemon.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * XAPI's memory arithmetic, each case worked by hand from xapi-idl's memory.ml: overhead =
 * internal + external + shadow + ceil(38 vCPUs / 256) + shim MiB, shadow = max(1, ceil((256 vCPUs +
 * 2 static-max MiB) / 256) x multiplier).
 */
class VmMemoryTest {
    private static final long MIB = 1L << 20;

    private static Map<String, Object> vm(String domainType, long staticMaxMib, long vcpus, double multiplier) {
        return Map.of("domain_type", domainType, "HVM_boot_policy", "", "memory_static_max", staticMaxMib * MIB,
                "VCPUs_max", vcpus, "HVM_shadow_multiplier", multiplier);
    }

    @Test
    void overheadFollowsXapisModels() {
        // pv, 1024 MiB, 2 vCPUs: 0 + 1 + ceil((512 + 2048) / 256) = 10, + ceil(76 / 256) = 1 -> 12 MiB
        assertThat(VmMemory.overheadBytes(vm("pv", 1024, 2, 1.0))).isEqualTo(12 * MIB);
        // hvm, 4096 MiB, 4 vCPUs, multiplier 1.5: 1 + 1 + floor(ceil((1024 + 8192) / 256) * 1.5) = 54, + 1 -> 57 MiB
        assertThat(VmMemory.overheadBytes(vm("hvm", 4096, 4, 1.5))).isEqualTo(57 * MIB);
        // pv_in_pvh, 900 MiB, 1 vCPU: 1 + 1 + ceil((256 + 1800) / 256) = 9, + 1, + shim 23 + 900 / 90 = 33 -> 45 MiB
        assertThat(VmMemory.overheadBytes(vm("pv_in_pvh", 900, 1, 1.0))).isEqualTo(45 * MIB);
        // unspecified with an HVM boot policy counts as HVM
        Map<String, Object> unspecified = new java.util.HashMap<>(vm("unspecified", 1024, 2, 1.0));
        unspecified.put("HVM_boot_policy", "BIOS order");
        assertThat(VmMemory.overheadBytes(unspecified)).isEqualTo(VmMemory.overheadBytes(vm("hvm", 1024, 2, 1.0)));
    }

    @Test
    void maximiseFindsTheLargestStaticMaxWhoseFootprintFits() {
        Map<String, Object> pv = vm("pv", 1, 2, 1.0);
        long total = 4096 * MIB;
        long best = VmMemory.maximise(pv, total, false);
        assertThat(best % MIB).isZero();
        long mib = best / MIB;
        // its footprint (static max + overhead at that size) fits, one MiB more does not
        assertThat(mib * MIB + VmMemory.overheadBytes(vm("pv", mib, 2, 1.0))).isLessThanOrEqualTo(total);
        assertThat((mib + 1) * MIB + VmMemory.overheadBytes(vm("pv", mib + 1, 2, 1.0))).isGreaterThan(total);
        assertThat(VmMemory.maximise(pv, total, true)).as("64 vCPUs cost more").isLessThan(best);
        assertThat(VmMemory.maximise(pv, 0, false)).isZero();
    }
}
