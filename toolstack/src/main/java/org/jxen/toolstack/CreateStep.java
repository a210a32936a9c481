package org.jxen.toolstack;

/** The steps of a create, in libxl 4.17's order; a failure names its step. */
public enum CreateStep {
    DEFAULTS("checking the configuration"),
    CREATE("creating the domain"),
    XENSTORE_DOMAIN("writing the domain's XenStore directories"),
    PLACEMENT("placing the domain on NUMA nodes"),
    AFFINITY("setting vCPU affinity"),
    CLAIM("claiming memory"),
    BUILD("building the domain"),
    SCHEDULER("setting scheduler parameters"),
    INTRODUCE("introducing the domain to XenStore"),
    DEVICES("adding devices"),
    BACKENDS("waiting for device backends"),
    UNPAUSE("unpausing the domain"),
    FRONTENDS("waiting for the guest's frontends");

    private final String description;

    CreateStep(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
