#!/bin/sh
# xenlab dom0 test, third boot for jxl's golden outputs: xentop's batch mode (xl top runs xentop) with
# a guest running (alpha, 2 vCPUs, a vif) and one paused (beta); then xl sysrq (a key the guest syncs on,
# a bad letter, no such domain, usage errors) and what the guest's kernel did with the key. Same files as jxl-golden.sh.
. /etc/xenlab/lib.sh
G=$XENLAB_EXPORT/golden
mkdir -p "$G"
cap() { n=$1; shift; "$@" > "$G/$n.out" 2> "$G/$n.err"; echo $? > "$G/$n.rc"; xlab_mark "cap $n rc=$(cat "$G/$n.rc")"; }
HELD='extra="console=hvc0 quiet rdinit=/sbin/init"'
xl create /etc/xen/xenlab-guest-net.cfg 'name="alpha"' "$HELD" 'vcpus=2' 'maxvcpus=2' 'maxmem=256'
xl create -p /etc/xen/xenlab-guest.cfg 'name="beta"' "$HELD"
xlab_wait_grep /var/log/xen/console/guest-alpha.log "Please press Enter" 120
cap xentop-batch xentop -b -i 2 -d 1
cap top-batch xl top -b -i 1
cap xentop-batch-vcpus xentop -b -i 1 -V
cap sysrq-s xl sysrq alpha s
sleep 2
cap sysrq-node xenstore-read "/local/domain/$(xl domid alpha)/control/sysrq"
cap sysrq-h xl sysrq alpha h
sleep 2
cap sysrq-console grep -a sysrq /var/log/xen/console/guest-alpha.log
cap sysrq-two-letters xl sysrq alpha ss
cap sysrq-nosuch xl sysrq nosuch s
cap sysrq-no-letter xl sysrq alpha
cap sysrq-extra-argument xl sysrq alpha s t
cap sysrq-bad-option xl sysrq -x alpha s
cap pause-no-domain xl pause
exit 0
