#!/bin/sh
# xenlab dom0 test, second boot for jxl's golden outputs (run with --dom0-mem 1024M: a save image
# lives in dom0's RAM): save and restore, disks on a loop device, shutdown, reboot, destroy, dmesg.
# Same files as jxl-golden.sh: $XENLAB_EXPORT/golden/NAME.{out,err,rc}.
. /etc/xenlab/lib.sh
G=$XENLAB_EXPORT/golden
mkdir -p "$G"
cap() { n=$1; shift; "$@" > "$G/$n.out" 2> "$G/$n.err"; echo $? > "$G/$n.rc"; xlab_mark "cap $n rc=$(cat "$G/$n.rc")"; }
HELD='extra="console=hvc0 quiet rdinit=/sbin/init"'
cap create-alpha xl create /etc/xen/xenlab-guest.cfg 'name="alpha"' "$HELD" 'on_poweroff="destroy"' 'on_reboot="restart"'
cap create-gamma xl create /etc/xen/xenlab-guest.cfg 'name="gamma"'
xlab_wait_grep /var/log/xen/console/guest-alpha.log "Please press Enter" 120
xlab_wait_grep /var/log/xen/console/guest-gamma.log "DOMU DONE" 120
sleep 2
dd if=/dev/zero of=/tmp/disk.img bs=1M count=8 2>/dev/null
modprobe loop 2>/dev/null; losetup /dev/loop0 /tmp/disk.img
cap block-attach-phy xl block-attach alpha phy:/dev/loop0,xvdb,w
sleep 2
cap block-list-phy xl block-list alpha
cap block-detach-phy xl block-detach alpha xvdb
cap save xl save alpha /tmp/alpha.save
cap list-after-save xl list
cap restore xl restore /tmp/alpha.save
cap list-after-restore xl list
cap restore-missing xl restore /tmp/nope.save
cap shutdown-nosuch xl shutdown nosuch
cap reboot-nosuch xl reboot nosuch
cap reboot timeout 90 xl reboot -w alpha
cap shutdown-w timeout 90 xl shutdown -w alpha
cap list-after-shutdown xl list
cap destroy-gamma xl destroy gamma
cap destroy-nosuch xl destroy nosuch
cap destroy-dom0 xl destroy 0
cap shutdown-a-none xl shutdown -a
cap dmesg-head sh -c 'xl dmesg | head -5'
cap list-end xl list
exit 0
