#!/bin/sh
# xenlab dom0 test, seventh boot for jxl's golden outputs: network devices of a domain whose kernel
# never ran (created paused): its vif's states in network-list, a network-attach (the backend waits
# in InitWait for a frontend that does not come), and network-detach of both (no frontend to close).
# Same files as jxl-golden.sh.
. /etc/xenlab/lib.sh
G=$XENLAB_EXPORT/golden
mkdir -p "$G"
cap() { n=$1; shift; "$@" > "$G/$n.out" 2> "$G/$n.err"; echo $? > "$G/$n.rc"; xlab_mark "cap $n rc=$(cat "$G/$n.rc")"; }
CFG=/etc/xen/xenlab-guest-net.cfg
cap create-nu xl create -p $CFG 'name="nu"'
cap network-list-nu xl network-list nu
cap network-attach-nu xl network-attach nu mac=00:16:3e:00:00:43 script=vif-xenlab
cap network-list-nu-attached xl network-list nu
cap network-detach-nu-1 xl network-detach nu 1
cap network-list-nu-detached xl network-list nu
cap network-detach-nu-0 xl network-detach nu 0
cap network-list-nu-none xl network-list nu
cap destroy-nu xl destroy nu
