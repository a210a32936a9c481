package org.jxen.toolstack.java;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jxen.config.DomainConfig;
import org.jxen.hv.ShutdownReason;
import org.jxen.toolstack.EventBus;
import org.jxen.toolstack.OnShutdown;
import org.jxen.toolstack.ToolstackEvent;
import org.jxen.toolstack.ToolstackException;

/**
 * What happens when a guest shuts down, as xl's {@code handle_domain_death} decides it from the
 * config's {@code on_poweroff}, {@code on_reboot}, {@code on_crash}, {@code on_watchdog} and
 * {@code on_soft_reset}: destroy; restart (destroy, then create again from the same config);
 * rename-restart (the old domain kept under a new name, a new one started); preserve (left shut
 * down for inspection); coredump-destroy and coredump-restart (the core written first, as xl
 * writes it; a dump that fails is reported and the action goes on); a suspend is left alone.
 */
final class ShutdownActions {
    private static final DateTimeFormatter PRESERVED_SUFFIX = DateTimeFormatter.ofPattern("-yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    private final JavaToolstack toolstack;
    private final EventBus events;

    ShutdownActions(JavaToolstack toolstack, EventBus events) {
        this.toolstack = toolstack;
        this.events = events;
    }

    /** Says on the event bus that the guest shut down and which action its config names for it. */
    void announce(DomainRecord r, ShutdownReason reason) {
        events.emit(new ToolstackEvent.ShutDown(r.domid, reason, OnShutdown.word(OnShutdown.action(r.config, reason))));
    }

    /**
     * Carries out the domain's action for {@code reason}, unless another thread is working on the
     * domain: then false, and the caller asks again later. Waiting for that thread's lock here could
     * deadlock: this runs inside other operations' waits, each holding its own domain's lock (two
     * of them each meeting the other's domain's shutdown waited for each other for good).
     */
    boolean carryOut(DomainRecord r, ShutdownReason reason) {
        DomainConfig.Action action = OnShutdown.action(r.config, reason);
        if (action == null) {
            return true;
        }
        if (!r.lock.tryLock()) {
            return false;
        }
        try {
            if (toolstack.registry().find(r.domid) == r && !r.destroying) {
                carryOut(r, action);
            }
        } catch (ToolstackException e) {
            events.emit(new ToolstackEvent.Changed(r.domid, "on_" + reason.name().toLowerCase(Locale.ROOT)
                    + " action failed: " + e.getMessage()));
        } finally {
            r.lock.unlock();
        }
        return true;
    }

    private void carryOut(DomainRecord r, DomainConfig.Action action) throws ToolstackException {
        if (action == DomainConfig.Action.COREDUMP_DESTROY || action == DomainConfig.Action.COREDUMP_RESTART) {
            try {
                toolstack.dumpCoreLocked(r);
            } catch (ToolstackException e) { // as xl: the dump failed, the action goes on
                events.emit(new ToolstackEvent.Changed(r.domid, "core dump failed: " + e.getMessage()));
            }
        }
        switch (action) {
            case DESTROY, COREDUMP_DESTROY -> toolstack.destroyLocked(r);
            case RESTART, COREDUMP_RESTART, SOFT_RESET -> {
                DomainConfig reloaded = toolstack.config(r.domid);
                toolstack.destroyLocked(r);
                toolstack.recreate(reloaded, r.uuid);
            }
            case RESTART_RENAME -> {
                DomainConfig reloaded = toolstack.config(r.domid);
                toolstack.preserveLocked(r, r.name + PRESERVED_SUFFIX.format(Instant.ofEpochSecond(0, toolstack.nowNs())));
                toolstack.recreate(reloaded, r.uuid);
            }
            case PRESERVE -> {
            }
        }
    }
}
