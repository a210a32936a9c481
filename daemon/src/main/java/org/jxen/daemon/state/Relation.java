package org.jxen.daemon.state;

import java.util.List;

/**
 * A set field XAPI derives from references the other way: {@code VM.VBDs} is every VBD whose
 * {@code VM} field names that VM. The store computes such fields on read and keeps no copy, so
 * they cannot disagree with the references they come from.
 */
public record Relation(String setClass, String setField, String refClass, String refField) {
    /** The one-to-many relations of the classes jxend serves. */
    public static final List<Relation> XENAPI = List.of(
            new Relation("VM", "VBDs", "VBD", "VM"),
            new Relation("VM", "VIFs", "VIF", "VM"),
            new Relation("VM", "consoles", "console", "VM"),
            new Relation("VM", "snapshots", "VM", "snapshot_of"),
            new Relation("VM", "children", "VM", "parent"),
            new Relation("VDI", "VBDs", "VBD", "VDI"),
            new Relation("VDI", "snapshots", "VDI", "snapshot_of"),
            new Relation("SR", "VDIs", "VDI", "SR"),
            new Relation("SR", "PBDs", "PBD", "SR"),
            new Relation("host", "PBDs", "PBD", "host"),
            new Relation("host", "PIFs", "PIF", "host"),
            new Relation("host", "host_CPUs", "host_cpu", "host"),
            new Relation("host", "resident_VMs", "VM", "resident_on"),
            new Relation("network", "VIFs", "VIF", "network"),
            new Relation("network", "PIFs", "PIF", "network"),
            new Relation("PIF", "VLAN_slave_of", "VLAN", "tagged_PIF"),
            new Relation("task", "subtasks", "task", "subtask_of"));
}
