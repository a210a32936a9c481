package org.jxen.daemon.host;

import java.io.IOException;

/**
 * The network bridges of the host's dom0, which guests' VIFs join. jxend makes the bridges of the
 * networks it made itself (XAPI's internal networks, {@code xapiN}) when a VIF first needs one, and
 * takes them away with their network; the others (such as {@code xenbr0}) are the administrator's.
 */
public interface Bridges {
    boolean exists(String name);

    /** Makes the bridge and brings it up; nothing if it exists. */
    void create(String name) throws IOException;

    /** Takes the bridge away if it exists and nothing is on it; says whether it went. */
    boolean removeIfUnused(String name) throws IOException;
}
