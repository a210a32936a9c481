/** FFM bindings to Xen's C libraries: the only module that makes native calls. */
module org.jxen.xen {
    exports org.jxen.xen;
}
