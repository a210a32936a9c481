package org.jxen.toolstack;

import java.util.Locale;
import org.jxen.config.DomainConfig;
import org.jxen.hv.ShutdownReason;

/**
 * Which {@code on_*} action a guest's shutdown calls for, as xl's {@code handle_domain_death}
 * picks it from {@code on_poweroff}, {@code on_reboot}, {@code on_crash}, {@code on_watchdog} and
 * {@code on_soft_reset}, with libxl's defaults where the config names none. A suspend calls for none.
 */
public final class OnShutdown {
    private OnShutdown() {
    }

    /** The action, or null for a suspend (the domain is left as it is, for save or resume). */
    public static DomainConfig.Action action(DomainConfig c, ShutdownReason reason) {
        DomainConfig.Action action = switch (reason) {
            case POWEROFF -> c.onPoweroff();
            case REBOOT -> c.onReboot();
            case CRASH -> c.onCrash();
            case WATCHDOG -> c.onWatchdog();
            case SOFT_RESET -> c.onSoftReset();
            case SUSPEND -> null;
        };
        return action != null || reason == ShutdownReason.SUSPEND ? action : defaultAction(reason);
    }

    /** libxl's defaults: destroy on poweroff and crash, restart on reboot, destroy on watchdog, soft-reset on soft reset. */
    private static DomainConfig.Action defaultAction(ShutdownReason reason) {
        return switch (reason) {
            case REBOOT -> DomainConfig.Action.RESTART;
            case SOFT_RESET -> DomainConfig.Action.SOFT_RESET;
            default -> DomainConfig.Action.DESTROY;
        };
    }

    /** The action as xl.cfg spells it ({@code rename-restart}), or {@code none}. */
    public static String word(DomainConfig.Action action) {
        return action == null ? "none" : action.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
