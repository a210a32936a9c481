#!/bin/sh
# xenlab dom0 test for scripts/xenlab/capture-toolstack-trees (busybox sh): drives real libxl 4.17
# (xl) through create / lifecycle / device / failure cases and dumps the whole XenStore tree
# (xenstore-ls -fp /) after every step, with xl list -l and the exact output and exit status of
# every xl command. Files go to $XENLAB_EXPORT/trees/<case>/<NN>-<step>.{xs,json,out}.
# Trace markers: a READ of /jxen-trace/<label> (a path that does not exist, so the tree is not
# touched) before and after the commands whose XenStore traffic is counted.
. /etc/xenlab/lib.sh
T=$XENLAB_EXPORT/trees
CFG=/opt/extra/configs
G=/var/lib/xenlab/guest
mkdir -p "$T"
cp /opt/extra/guest-initrd-held.gz $G/initrd-held.gz
# Xen's block hotplug script needs flock (util-linux; busybox's dom0 has none: the host's binary,
# which needs only libc, comes in /opt/extra) and the loop driver for file-backed disks.
cp /opt/extra/flock /usr/bin/flock; chmod 755 /usr/bin/flock
modprobe loop || xlab_warn "modprobe loop failed"
# locking.sh's claim_lock stats /dev/stdin and loops until that works: devtmpfs has no /dev/stdin
# (udev makes these links), so without them the block script spins until libxl kills it (timeout).
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
for i in 0:stdin 1:stdout 2:stderr; do [ -e /dev/${i#*:} ] || ln -s /proc/self/fd/${i%%:*} /dev/${i#*:}; done
cp /opt/extra/vif-trees /etc/xen/scripts/vif-trees; chmod 755 /etc/xen/scripts/vif-trees
UP_TIMEOUT=${TREES_UP_TIMEOUT:-120}
[ "${TREES_DEBUG:-0}" = 1 ] && set -x

CASE= N=0 STEP=
case_start() { [ -n "$CASE" ] && [ "$CASE" = "${TREES_STOP_AFTER:-}" ] && exit 0; CASE=$1; N=0; mkdir -p "$T/$CASE"; xlab_mark "trees case $CASE"; }
st() { N=$((N + 1)); STEP=$1; }
p() { printf '%s/%s/%02d-%s' "$T" "$CASE" "$N" "$STEP"; }
# xs: the whole tree
xs() { xenstore-ls -fp / > "$(p).xs" 2> "$(p).xs.err"; [ -s "$(p).xs.err" ] || rm -f "$(p).xs.err"; }
# js DOM: xl list -l DOM (libxl's JSON of the domain)
js() { xl list -l "$1" > "$(p).json" 2> "$(p).json.err"; echo "rc=$?" >> "$(p).json.err"; }
# runx SUFFIX CMD...: run CMD, record command, exit status, time, stdout, stderr in <NN>-<step>[-SUFFIX].out
runx() {
    _s=$1; shift
    _f=$(p); [ -n "$_s" ] && _f=$_f-$_s
    _t0=$(xlab_up)
    "$@" > /tmp/trees.stdout 2> /tmp/trees.stderr
    RC=$?
    { echo "\$ $*"; echo "rc=$RC"; echo "elapsed_s=$(xlab_diff "$_t0" "$(xlab_up)")"
      echo "--- stdout"; cat /tmp/trees.stdout; echo "--- stderr"; cat /tmp/trees.stderr; } > "$_f.out"
    xlab_mark "trees $CASE $STEP $_s rc=$RC: $*"
    return $RC
}
run() { runx "" "$@"; }
mark() { xenstore-read "/jxen-trace/$1" > /dev/null 2>&1; }
lists() { runx list xl list; runx vcpu-list xl vcpu-list; }
domid() { xl domid "$1" 2>/dev/null; }
# backend and frontend states of domain $1's devices, one line each
dev_states() {
    xenstore-ls -f /local/domain/0/backend 2>/dev/null | grep -E "^/local/domain/0/backend/[a-z0-9]+/$1/[0-9]+/state = " | grep -v /console/
    xenstore-ls -f /local/domain/$1/device 2>/dev/null | grep -E "/state = " | grep -v /console/
}
# wait_up NAME DOMID: DOMU UP in the console log and every device state 4, with a deadline
wait_up() {
    [ -n "$2" ] || { xlab_warn "$1: no domain to wait for"; return 1; }
    _ok=1
    xlab_wait_grep "/var/log/xen/console/guest-$1.log" "DOMU UP" "$UP_TIMEOUT" || { xlab_warn "$1: no DOMU UP"; _ok=0; }
    wait_states "$2" || _ok=0
    [ $_ok = 1 ]
}
# wait_states DOMID: every backend/frontend state of the domain is 4 (or no devices), 45 s deadline
wait_states() {
    _t0=$(xlab_up)
    while [ "$(xlab_diff "$_t0" "$(xlab_up)" | cut -d. -f1)" -lt 45 ]; do
        _s=$(dev_states "$1")
        if [ -n "$_s" ] && ! echo "$_s" | grep -qv '= "4"$'; then echo "$_s" > "$(p).states"; return 0; fi
        [ -z "$_s" ] && [ "$(xlab_diff "$_t0" "$(xlab_up)" | cut -d. -f1)" -gt 3 ] && { echo "(no devices)" > "$(p).states"; return 0; }
        usleep 200000
    done
    dev_states "$1" > "$(p).states"; xlab_warn "domain $1: devices not all in state 4"; return 1
}
# wait_gone NAME: up to 30 s for xl list NAME to fail
wait_gone() { _i=0; while [ $_i -lt 300 ] && xl list "$1" > /dev/null 2>&1; do usleep 100000; _i=$((_i + 1)); done; }
dry() { st dryrun; runx "" xl -N create "$CFG/$1.cfg"; sed -n '/^--- stdout$/,/^--- stderr$/p' "$(p).out" | sed '1d;$d' > "$(p).json"; }
logs() { for f in "$@"; do [ -f "$f" ] && cp "$f" "$(p)-$(basename "$f").txt"; done; }

# $TREES_CASES: the cases to run (default: all, in this order)
want() { case " ${TREES_CASES:-host pv-basic pv-files pv-full pv-disks pv-actions-a pv-actions-b pv-pinned pvh-basic pv-nics fail-nokernel fail-nomem} " in *" $1 "*) return 0 ;; esac; return 1; }
# ------------------------------------------------------------------ host facts
want host && {
case_start host
st info; run xl info; st list; run xl list; st baseline; xs
runx xenstored-help /usr/lib/xen-4.17/bin/xenstored --help

}
# ------------------------------------------------------------------ pv-basic
want pv-basic && {
case_start pv-basic
dry pv-basic
st baseline; xs
st create-paused; mark begin-create-p-pv-basic; run xl create -p "$CFG/pv-basic.cfg"; mark end-create-p-pv-basic
D=$(domid pv-basic); echo "$D" > "$T/$CASE/domid-1"
xs; js pv-basic; lists
st unpause; run xl unpause pv-basic; wait_up pv-basic "$D"; xs; js pv-basic; lists
st shutdown; mark begin-shutdown-pv-basic; run xl shutdown -w pv-basic; mark end-shutdown-pv-basic; xs; js pv-basic
st gone; wait_gone pv-basic; xs; runx list xl list
st create; mark begin-create-pv-basic; run xl create "$CFG/pv-basic.cfg"; mark end-create-pv-basic
D=$(domid pv-basic); echo "$D" > "$T/$CASE/domid-2"; wait_up pv-basic "$D"; xs; js pv-basic; lists
st create-duplicate; run xl create "$CFG/pv-basic.cfg"; xs; runx list xl list; logs /var/log/xen/xl-pv-basic.log
st destroy; mark begin-destroy-pv-basic; run xl destroy pv-basic; mark end-destroy-pv-basic; xs; runx list xl list

}
# ------------------------------------------------------------------ pv-full
want pv-full && {
case_start pv-full
dd if=/dev/zero of=/var/lib/xenlab/pv-full.img bs=1M count=16 2>/dev/null
dd if=/dev/zero of=/var/lib/xenlab/pv-full-b.img bs=1M count=8 2>/dev/null
dry pv-full
st baseline; xs
st create-paused; mark begin-create-p-pv-full; run xl create -p "$CFG/pv-full.cfg"; rc=$?; mark end-create-p-pv-full
DISK_B="format=raw, vdev=xvdb, access=rw, target=/var/lib/xenlab/pv-full-b.img"
if [ $rc != 0 ]; then
    # the file-backed disk did not work: keep the failed tree, then retry on loop devices
    xs; runx list xl list; logs /var/log/xen/xl-pv-full.log /var/log/xen/xen-hotplug.log
    echo "XENLAB-BEGIN pv-full-file-disk-failure"; cat "$(p).out" /var/log/xen/xen-hotplug.log; echo "XENLAB-END pv-full-file-disk-failure"
    runx losetup-a sh -c 'losetup /dev/loop0 /var/lib/xenlab/pv-full.img && losetup /dev/loop1 /var/lib/xenlab/pv-full-b.img; echo rc=$?; losetup -a'
    DISK_B="format=raw, vdev=xvdb, access=rw, backendtype=phy, target=/dev/loop1"
    st create-paused-phy; mark begin-create-p-pv-full-phy
    run xl create -p "$CFG/pv-full.cfg" 'disk=[ "format=raw, vdev=xvda, access=rw, backendtype=phy, target=/dev/loop0" ]'
    rc=$?
    mark end-create-p-pv-full-phy
    if [ $rc != 0 ]; then
        # no disk works in this dom0: say why on the console, and carry on without a disk so that
        # the lifecycle steps still have a domain
        xs; logs /var/log/xen/xen-hotplug.log
        echo "XENLAB-BEGIN pv-full-disk-failure"; cat "$(p).out" /var/log/xen/xen-hotplug.log; echo "XENLAB-END pv-full-disk-failure"
        st create-paused-nodisk; mark begin-create-p-pv-full-nodisk
        run xl create -p "$CFG/pv-full.cfg" 'disk=[ ]'
        mark end-create-p-pv-full-nodisk
    fi
fi
D=$(domid pv-full); echo "$D" > "$T/$CASE/domid-1"
xs; js pv-full; lists; runx block-list xl block-list pv-full; runx network-list xl network-list pv-full
st unpause; run xl unpause pv-full; wait_up pv-full "$D"; xs; js pv-full; lists
st vcpu-set-3; run xl vcpu-set pv-full 3; sleep 4; xs; js pv-full; lists
st vcpu-set-1; run xl vcpu-set pv-full 1; sleep 4; xs; js pv-full; lists
st mem-set-100m; run xl mem-set pv-full 100m; sleep 3; xs; js pv-full; lists
st mem-max-200m; run xl mem-max pv-full 200m; sleep 1; xs; js pv-full; lists
st vcpu-pin-hard; run xl vcpu-pin pv-full 0 0; xs; js pv-full; lists
st vcpu-pin-soft; run xl vcpu-pin pv-full 0 - 0; xs; js pv-full; lists
st sched-credit2; run xl sched-credit2 -d pv-full -w 300 -c 20; xs; js pv-full; runx sched xl sched-credit2 -d pv-full
st network-attach; run xl network-attach pv-full mac=00:16:3e:4a:7d:02 script=vif-trees; wait_states "$D"; xs; js pv-full; runx network-list xl network-list pv-full
st network-detach; run xl network-detach pv-full 1; sleep 1; xs; js pv-full; runx network-list xl network-list pv-full
st block-attach; run xl block-attach pv-full "$DISK_B"; wait_states "$D"; xs; js pv-full; runx block-list xl block-list pv-full
st block-detach; run xl block-detach pv-full xvdb; sleep 1; xs; js pv-full; runx block-list xl block-list pv-full
# on_reboot=restart: the xl process that watches the domain destroys it and creates it again
st reboot; run xl reboot -w pv-full; xs
_i=0; while [ $_i -lt 300 ]; do D2=$(domid pv-full); [ -n "$D2" ] && [ "$D2" != "$D" ] && break; usleep 100000; _i=$((_i + 1)); done
st restarted; echo "$D2" > "$T/$CASE/domid-2"; xlab_mark "trees pv-full restarted as $D2"
wait_states "$D2"; sleep 2; xs; js pv-full; lists
D=$D2
st rename; run xl rename pv-full pv-full-renamed; xs; js pv-full-renamed; lists
st shutdown; mark begin-shutdown-pv-full; run xl shutdown -w pv-full-renamed; mark end-shutdown-pv-full; xs
st gone; wait_gone pv-full-renamed; xs; runx list xl list
logs /var/log/xen/xl-pv-full.log

}
# ------------------------------------------------------------------ pv-files
# Before the cases that set up loop devices by hand: the block script's losetup -f takes loop0 first.
want pv-files && {
case_start pv-files
dd if=/dev/zero of=/var/lib/xenlab/pv-files-a.img bs=1M count=16 2>/dev/null
dd if=/dev/zero of=/var/lib/xenlab/pv-files-b.img bs=1M count=8 2>/dev/null
dd if=/dev/zero of=/var/lib/xenlab/pv-files-c.img bs=1M count=4 2>/dev/null
dry pv-files
st baseline; xs
st create-paused; run xl create -p "$CFG/pv-files.cfg"; rc=$?
D=$(domid pv-files); echo "$D" > "$T/$CASE/domid-1"
xs; js pv-files; lists; runx block-list xl block-list pv-files; runx losetup-a losetup -a
logs /var/log/xen/xl-pv-files.log /var/log/xen/xen-hotplug.log
if [ $rc = 0 ]; then
    st unpause; run xl unpause pv-files; wait_up pv-files "$D"; sleep 2; xs; js pv-files; runx block-list xl block-list pv-files
    st block-attach; run xl block-attach pv-files format=raw,vdev=xvdc,access=rw,target=/var/lib/xenlab/pv-files-c.img
    wait_states "$D"; xs; js pv-files; runx block-list xl block-list pv-files; runx losetup-a losetup -a
    st block-detach; run xl block-detach pv-files xvdb; xs; js pv-files; runx block-list xl block-list pv-files
    runx losetup-a losetup -a
fi
st destroy; run xl destroy pv-files; xs; runx list xl list; runx losetup-a losetup -a
}

# ------------------------------------------------------------------ pv-disks
want pv-disks && {
case_start pv-disks
dd if=/dev/zero of=/var/lib/xenlab/pv-disks-a.img bs=1M count=16 2>/dev/null
dd if=/dev/zero of=/var/lib/xenlab/pv-disks-b.img bs=1M count=8 2>/dev/null
runx losetup-a sh -c 'losetup /dev/loop2 /var/lib/xenlab/pv-disks-a.img && losetup /dev/loop3 /var/lib/xenlab/pv-disks-b.img; echo rc=$?; losetup -a'
dry pv-disks
st baseline; xs
st create-paused; run xl create -p "$CFG/pv-disks.cfg"; rc=$?
D=$(domid pv-disks); echo "$D" > "$T/$CASE/domid-1"
xs; js pv-disks; lists; runx block-list xl block-list pv-disks; logs /var/log/xen/xl-pv-disks.log /var/log/xen/xen-hotplug.log
if [ $rc = 0 ]; then
    st unpause; run xl unpause pv-disks; wait_up pv-disks "$D"; sleep 2; xs; js pv-disks; runx block-list xl block-list pv-disks
    st block-detach; run xl block-detach pv-disks xvdb; xs; js pv-disks; runx block-list xl block-list pv-disks
fi
st destroy; run xl destroy pv-disks; xs; runx list xl list
}

# ------------------------------------------------------------------ on_* actions, pinning, PVH
for c in pv-actions-a pv-actions-b pv-pinned pvh-basic pv-nics; do
    want $c || continue
    case_start $c
    dry $c
    st baseline; xs
    st create-paused; run xl create -p "$CFG/$c.cfg"; rc=$?
    D=$(domid $c); echo "$D" > "$T/$CASE/domid-1"
    xs; js $c; lists; logs /var/log/xen/xl-$c.log
    if [ $rc = 0 ] && { [ $c = pv-pinned ] || [ $c = pvh-basic ]; }; then
        st unpause; run xl unpause $c; wait_up $c "$D"; xs; js $c; lists
    fi
    st destroy; run xl destroy $c; xs; runx list xl list
done

# ------------------------------------------------------------------ failed creates
for c in fail-nokernel fail-nomem; do
    want $c || continue
    case_start $c
    dry $c
    st baseline; xs
    st create; mark begin-create-$c; run xl create "$CFG/$c.cfg"; mark end-create-$c
    xs; runx list xl list; logs /var/log/xen/xl-$c.log
done

case_start final
st end; xs; run xl list
[ "${XENLAB_XENSTORED_TRACE:-0}" = 1 ] && cp /var/log/xen/xenstored-trace.log "$XENLAB_EXPORT/" 2>/dev/null
cp /var/log/xen/xen-hotplug.log /var/log/xen/vif-trees.log "$T/" 2>/dev/null
xlab_mark TREES-DONE
exit 0
