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

    /** Whether dom0 has an interface for VLAN {@code tag} of interface {@code parent}. */
    boolean hasVlan(String parent, int tag);

    /**
     * Makes the interface of VLAN {@code tag} on {@code parent} (tagged frames in, untagged out), the
     * bridge, and puts the one on the other, both up; nothing that exists already is made again.
     */
    void addVlan(String parent, int tag, String bridge) throws IOException;

    /** Takes the VLAN's interface away, if it exists. */
    void removeVlan(String parent, int tag) throws IOException;

    /** The name Linux's 8021q gives a VLAN's interface: {@code eth0.10}. */
    static String vlanInterface(String parent, int tag) {
        return parent + "." + tag;
    }
}
