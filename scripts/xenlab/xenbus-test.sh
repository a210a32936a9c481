#!/bin/sh
# xenlab dom0 test (busybox sh): every client over /dev/xen/xenbus, i.e. through dom0's ring to
# jxenstored rather than its socket: xenstore tools, Xen's test-xenstore, xl create of a guest
# with a network device, and xl shutdown of a guest that stays up until asked (busybox init as its
# PID 1, so the kernel's poweroff request reaches an init that acts on it). Exit 0 only if all pass.
. /etc/xenlab/lib.sh
export XENSTORED_PATH=/dev/xen/xenbus
fail=0
check() { name=$1; shift; "$@"; rc=$?; xlab_mark "xenbus $name rc=$rc"; [ $rc = 0 ] || fail=1; }
check write timeout 10 xenstore-write /lane/a b
check read timeout 10 xenstore-read /lane/a
check watch timeout 10 xenstore-watch -n 1 /lane
check test-xenstore timeout 120 "$XENLAB_XEN_BIN/test-xenstore"
check xl-create timeout 60 xl create /etc/xen/xenlab-guest-net.cfg
if xlab_wait_grep /var/log/xen/console/guest-xenlab-guest.log "DOMU UP" 60; then xlab_mark "xenbus guest-up rc=0"; else xlab_mark "xenbus guest-up rc=1"; fail=1; fi
check xl-destroy timeout 60 xl destroy xenlab-guest

# xl shutdown writes control/shutdown; the guest kernel's watch fires and it powers off.
held=xenlab-held
check xl-create-held timeout 60 xl create /etc/xen/xenlab-guest-net.cfg "name=\"$held\"" \
  'extra="console=hvc0 quiet rdinit=/sbin/init"' 'on_poweroff="destroy"'
if xlab_wait_grep /var/log/xen/console/guest-$held.log "Please press Enter" 90; then xlab_mark "xenbus held-up rc=0"; else xlab_mark "xenbus held-up rc=1"; fail=1; fi
check xl-shutdown timeout 90 xl shutdown -w $held
gone=1   # on_poweroff=destroy is carried out by the xl process that watches the domain, shortly after
for _ in $(seq 300); do xl list $held > /dev/null 2>&1 || { gone=0; break; }; usleep 100000; done
xlab_mark "xenbus held-gone rc=$gone"; [ $gone = 0 ] || fail=1
exit $fail
