package org.jxen.xenstore.server;

/** What the hypervisor says about an introduced domain, as far as XenStore cares. */
public enum DomainLiveness {
    RUNNING,
    /** Shut down or crashed but not yet destroyed: @releaseDomain fires once (until RESUME). */
    SHUT_DOWN,
    /** Dying or destroyed: the domain is forgotten and @releaseDomain fires. */
    GONE
}
