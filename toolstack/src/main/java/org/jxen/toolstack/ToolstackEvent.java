package org.jxen.toolstack;

import java.util.UUID;
import org.jxen.hv.ShutdownReason;

/** What happens to domains, for jxend's events and the web console: created, changed, devices, gone. */
public sealed interface ToolstackEvent {
    int domid();

    /** A domain was made; {@code uuid} is its handle, which says whose it is without asking the host again. */
    record Created(int domid, String name, UUID uuid) implements ToolstackEvent {
    }

    record Paused(int domid) implements ToolstackEvent {
    }

    record Unpaused(int domid) implements ToolstackEvent {
    }

    record Renamed(int domid, String name) implements ToolstackEvent {
    }

    /** The guest shut down with {@code reason}; {@code action} is the {@code on_*} action taken. */
    record ShutDown(int domid, ShutdownReason reason, String action) implements ToolstackEvent {
    }

    record DeviceConnected(int domid, DeviceStatus.Kind kind, int devid) implements ToolstackEvent {
    }

    record DeviceDisconnected(int domid, DeviceStatus.Kind kind, int devid) implements ToolstackEvent {
    }

    /** Memory, vCPUs, affinity or scheduling parameters changed. */
    record Changed(int domid, String what) implements ToolstackEvent {
    }

    record Destroyed(int domid) implements ToolstackEvent {
    }
}
