package org.jxen.hv;

/** The guest types Xen builds. */
public enum DomainType { PV, PVH, HVM }
