#!/bin/sh
# xenlab dom0: what xl dump-core writes (Xen's ELF dump-core format) for two running PV guests (alpha: 96 MiB,
# 2 vCPUs; gamma: 80 MiB, 1 vCPU; the lab's kernel needs about 58 MiB to be loaded), and for one created paused
# that never ran (beta: xl cannot dump it, its kernel has set up no p2m yet). The files' heads (the ELF and section headers,
# the notes, the vCPU contexts, the shared info) and tails (the p2m table, the section names) go to the
# export, with xl's answers; CoreDumpsTest compares the JavaToolstack's cores with them.
#   XENLAB_OUT=/tmp/xenlab-jxl ../shared/tools/xenlab/run.sh --net --timeout 400 --mem 3072 --dom0-mem 1280M \
#     --test scripts/xenlab/dump-core-capture.sh     (dom0's files are in its RAM: a core needs room)
#   cp RUN_DIR/export/dump/* toolstack/src/test/resources/dump-core/
. /etc/xenlab/lib.sh
G=$XENLAB_EXPORT/dump
mkdir -p "$G" /var/tmp
cap() { n=$1; shift; "$@" > "$G/$n.out" 2> "$G/$n.err"; echo $? > "$G/$n.rc"; xlab_mark "cap $n rc=$(cat "$G/$n.rc")"; }
HELD='extra="console=hvc0 quiet rdinit=/sbin/init"'
xl create /etc/xen/xenlab-guest.cfg 'name="alpha"' "$HELD" 'memory=96' 'vcpus=2'
xl create /etc/xen/xenlab-guest.cfg 'name="gamma"' "$HELD" 'memory=80'
xl create -p /etc/xen/xenlab-guest.cfg 'name="beta"' 'memory=80'
xlab_wait_grep /var/log/xen/console/guest-alpha.log "Please press Enter" 120
xlab_wait_grep /var/log/xen/console/guest-gamma.log "Please press Enter" 120
xl list > "$G/xl-list.txt"
cap dump-core-nosuch xl dump-core nosuch /var/tmp/nosuch.core
cap dump-core-never-ran xl dump-core beta /var/tmp/beta.core
rm -f /var/tmp/beta.core
# one core at a time: the head up to the pages, the tail from the p2m table on
for d in alpha gamma; do
    cap dump-core-$d xl dump-core $d /var/tmp/$d.core
    ls -l /var/tmp/$d.core >> "$G/sizes.txt"
    head -c 16384 /var/tmp/$d.core > "$G/$d.head"
    tail -c 400000 /var/tmp/$d.core > "$G/$d.tail"
    rm -f /var/tmp/$d.core
done
exit 0
