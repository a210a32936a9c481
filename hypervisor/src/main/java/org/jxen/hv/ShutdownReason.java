package org.jxen.hv;

/** Why a domain shut down: Xen's SHUTDOWN_* codes, in their order (poweroff is 0). */
public enum ShutdownReason { POWEROFF, REBOOT, SUSPEND, CRASH, WATCHDOG, SOFT_RESET }
