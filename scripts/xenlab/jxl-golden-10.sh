#!/bin/sh
# xenlab dom0 test, tenth boot for jxl's golden outputs: file-backed disks that connect. Xen's block
# script puts each image on a loop device; it needs flock and the /dev/std* links udev would make
# (see toolstack-trees-test.sh), and the guest must load its block frontend: run.sh --extra DIR with
# /usr/bin/flock and the trees' held guest initrd in DIR (docs/jxl.md says how to make it). Domain pi:
# two disks at create (one read-only), two more attached and detached while it runs. Also a create in
# a CPU pool the host lacks. Same files as jxl-golden.sh.
. /etc/xenlab/lib.sh
G=$XENLAB_EXPORT/golden
mkdir -p "$G"
cap() { n=$1; shift; "$@" > "$G/$n.out" 2> "$G/$n.err"; echo $? > "$G/$n.rc"; xlab_mark "cap $n rc=$(cat "$G/$n.rc")"; }
[ -x /usr/bin/flock ] || cp /opt/extra/flock /usr/bin/flock
modprobe loop || xlab_warn "modprobe loop failed"
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
for i in 0:stdin 1:stdout 2:stderr; do [ -e /dev/${i#*:} ] || ln -s /proc/self/fd/${i%%:*} /dev/${i#*:}; done
CFG=/etc/xen/xenlab-guest.cfg
HELD='ramdisk="/opt/extra/guest-initrd-held.gz"'
dd if=/dev/zero of=/tmp/disk-a.img bs=1M count=16 2>/dev/null
dd if=/dev/zero of=/tmp/disk-b.img bs=1M count=8 2>/dev/null
dd if=/dev/zero of=/tmp/disk-c.img bs=1M count=4 2>/dev/null
cap create-pi xl create -p $CFG 'name="pi"' "$HELD" \
  'disk=[ "format=raw,vdev=xvda,access=rw,target=/tmp/disk-a.img", "format=raw,vdev=xvdb,access=ro,target=/tmp/disk-b.img" ]'
cap block-list-pi-paused xl block-list pi
cap list-l-pi xl list -l pi
cap unpause-pi xl unpause pi
xlab_wait_grep /var/log/xen/console/guest-pi.log "DOMU UP" 120
sleep 2
cap block-list-pi xl block-list pi
cap block-attach-pi xl block-attach pi format=raw,vdev=xvdc,access=rw,target=/tmp/disk-c.img
cap block-attach-pi-again xl block-attach pi format=raw,vdev=xvdc,access=rw,target=/tmp/disk-c.img
cap block-attach-pi-legacy xl block-attach pi file:/tmp/disk-c.img,xvdd,r
sleep 3
cap block-list-pi-attached xl block-list pi
cap list-l-pi-attached xl list -l pi
cap block-detach-pi xl block-detach pi xvdc
cap block-detach-pi-number xl block-detach pi 51760
cap block-detach-pi-ro xl block-detach pi xvdb
cap block-list-pi-detached xl block-list pi
cap list-l-pi-detached xl list -l pi
cap destroy-pi xl destroy pi
cap losetup-end losetup -a
cap list-end-10 xl list
cap create-pool-nosuch xl create -p $CFG 'name="rho"' 'pool="nosuch"'
cap list-after-pool-nosuch xl list
