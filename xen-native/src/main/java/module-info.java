/** FFM bindings to Xen's C libraries (libxenctrl, libxenevtchn, libxengnttab, libxenlight): the only module that makes native calls. */
module org.jxen.xen {
    exports org.jxen.xen;
}
