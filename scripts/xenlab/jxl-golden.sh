#!/bin/sh
# xenlab dom0 test (busybox sh): captures real xl 4.17's output, error messages and exit codes for
# jxl's golden tests, in one boot. Three guests: alpha (running, 2 vCPUs, a vif, kept up by busybox
# init), beta (created paused), gamma (powers itself off; on_poweroff=preserve keeps it, state s).
# Each command's stdout, stderr and exit status go to $XENLAB_EXPORT/golden/NAME.{out,err,rc}.
# The files end up in cli/src/test/resources/xl-golden/ (docs/jxl.md says how); save, restore,
# shutdown, reboot, destroy and dmesg are jxl-golden-2.sh's (a save image needs more of dom0's RAM).
. /etc/xenlab/lib.sh
G=$XENLAB_EXPORT/golden
mkdir -p "$G"
cap() { n=$1; shift; "$@" > "$G/$n.out" 2> "$G/$n.err"; echo $? > "$G/$n.rc"; xlab_mark "cap $n rc=$(cat "$G/$n.rc")"; }
CFG=/etc/xen/xenlab-guest-net.cfg
HELD='extra="console=hvc0 quiet rdinit=/sbin/init"'

cap help xl help
cap noargs xl
cap unknown-command xl frobnicate
cap info xl info
cap list-dom0 xl list
cap create-alpha xl create $CFG 'name="alpha"' "$HELD" 'vcpus=2' 'maxvcpus=2' 'maxmem=256' 'on_poweroff="destroy"'
cap create-beta xl create -p /etc/xen/xenlab-guest.cfg 'name="beta"' "$HELD"
cap create-gamma xl create /etc/xen/xenlab-guest.cfg 'name="gamma"'
cap create-duplicate xl create /etc/xen/xenlab-guest.cfg 'name="alpha"'
printf 'name = "bad"\nmemory = [ 1,\n' > /tmp/bad.cfg
cap create-syntax-error xl create /tmp/bad.cfg
cap create-missing-file xl create /tmp/nope.cfg
xlab_wait_grep /var/log/xen/console/guest-alpha.log "Please press Enter" 120
xlab_wait_grep /var/log/xen/console/guest-gamma.log "DOMU DONE" 120
i=0; while [ $i -lt 100 ] && ! xl list gamma 2>/dev/null | awk 'NR > 1 && $5 ~ /s/ { f = 1 } END { exit !f }'; do usleep 100000; i=$((i + 1)); done

cap list xl list
cap list-alpha xl list alpha
cap list-domid-1 xl list 1
cap list-two xl list alpha beta
cap list-nosuch xl list nosuch
cap list-l-alpha xl list -l alpha
cap list-l xl list -l
cap list-v xl list -v
cap domid-alpha xl domid alpha
cap domid-nosuch xl domid nosuch
cap domname-1 xl domname 1
cap domname-99 xl domname 99
cap domname-bad xl domname abc
cap vcpu-list xl vcpu-list
cap vcpu-list-alpha xl vcpu-list alpha
cap sched-credit2 xl sched-credit2
cap sched-credit2-alpha xl sched-credit2 -d alpha
cap sched-credit2-set xl sched-credit2 -d alpha -w 512 -c 50
cap sched-credit2-after xl sched-credit2 -d alpha
cap sched-credit2-pool xl sched-credit2 -s
cap sched-credit2-pool-set xl sched-credit2 -s -r 2000
cap sched-credit2-pool-after xl sched-credit2 -s -p Pool-0
cap network-list xl network-list alpha
cap network-list-two xl network-list alpha beta
cap block-list xl block-list alpha
cap uptime xl uptime
cap uptime-alpha xl uptime alpha
cap vcpu-pin xl vcpu-pin alpha 0 1
cap vcpu-pin-all xl vcpu-pin alpha 1 0-1 1
cap vcpu-list-pinned xl vcpu-list alpha
cap vcpu-pin-bad xl vcpu-pin alpha 5 1
cap vcpu-set xl vcpu-set alpha 1
cap vcpu-set-too-many xl vcpu-set alpha 8
cap mem-set xl mem-set alpha 100m
cap mem-max xl mem-max alpha 200m
cap mem-set-bad xl mem-set alpha lots
sleep 2
cap list-after-settings xl list
cap vcpu-list-after-settings xl vcpu-list alpha
cap pause xl pause alpha
cap list-paused xl list alpha
cap unpause xl unpause alpha
cap pause-nosuch xl pause nosuch
cap rename xl rename alpha delta
cap rename-taken xl rename delta beta
cap rename-back xl rename delta alpha
cap network-attach xl network-attach alpha mac=00:16:3e:00:00:42 script=vif-xenlab
sleep 2
cap network-list-attached xl network-list alpha
cap network-detach xl network-detach alpha 1
cap network-detach-nosuch xl network-detach alpha 7
dd if=/dev/zero of=/tmp/disk.img bs=1M count=8 2>/dev/null
cap block-attach xl block-attach alpha format=raw,vdev=xvdb,access=rw,target=/tmp/disk.img
sleep 2
cap block-list-attached xl block-list alpha
cap block-detach xl block-detach alpha xvdb
cap block-detach-nosuch xl block-detach alpha xvdz
xl destroy beta
exit 0
