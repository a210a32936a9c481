#!/bin/sh
# xenlab dom0 test, third boot for jxl's golden outputs: xentop's batch mode (xl top runs xentop) with
# a guest running (alpha, 2 vCPUs, maxmem 256 MiB, a vif) and one paused (beta); then xl sysrq (a key the
# guest syncs on, a bad letter, no such domain, usage errors) and what the guest's kernel did with the key;
# then the forms xl's arguments take: mem-set and mem-max with each unit and bad sizes, vcpu-set with bad
# counts and blanks, vcpu-pin with bad vCPUs, sched-credit2 with out-of-range, wrapping and non-numeric values, Domain-0 by name and ID, names that
# look like IDs. Same files as jxl-golden.sh.
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
cap mem-set-m-upper xl mem-set alpha 120M
cap mem-set-k xl mem-set alpha 122880k
cap mem-set-no-unit xl mem-set alpha 120
cap mem-set-bytes xl mem-set alpha 125829120b
cap mem-set-g-fraction xl mem-set alpha 0.1g
cap mem-set-t xl mem-set alpha 1t
cap mem-set-negative xl mem-set alpha -5m
cap mem-set-empty xl mem-set alpha ""
cap mem-set-unit-only xl mem-set alpha m
cap mem-set-two-units xl mem-set alpha 100mb
cap mem-set-sign-only xl mem-set alpha -
cap mem-set-blank-unit xl mem-set alpha " m"
cap mem-set-blank-number xl mem-set alpha " 120"
cap mem-set-back xl mem-set alpha 128m
cap mem-max-below xl mem-max alpha 64m
cap mem-max-g xl mem-max alpha 1g
cap mem-max-bad xl mem-max alpha x
cap vcpu-set-zero xl vcpu-set alpha 0
cap vcpu-set-negative xl vcpu-set alpha -1
cap vcpu-set-junk xl vcpu-set alpha 1x
cap vcpu-set-word xl vcpu-set alpha two
cap vcpu-set-minus-zero xl vcpu-set alpha -0
cap vcpu-set-blank xl vcpu-set alpha " 1"
cap vcpu-set-back xl vcpu-set alpha 2
cap vcpu-pin-minus-one xl vcpu-pin alpha -1 0
cap vcpu-pin-word xl vcpu-pin alpha one 0
cap vcpu-pin-junk xl vcpu-pin alpha 1x 0
cap vcpu-pin-junk-list xl vcpu-list alpha
cap sched-credit2-w-zero xl sched-credit2 -d alpha -w 0
cap sched-credit2-w-big xl sched-credit2 -d alpha -w 65536
cap sched-credit2-w-word xl sched-credit2 -d alpha -w heavy
cap sched-credit2-c-big xl sched-credit2 -d alpha -c 300
cap sched-credit2-c-negative xl sched-credit2 -d alpha -c -1
cap sched-credit2-after-bad xl sched-credit2 -d alpha
cap sched-credit2-w-wrap-unchanged xl sched-credit2 -d alpha -w 4294967295
cap sched-credit2-w-wrap xl sched-credit2 -d alpha -w 4294967696
cap sched-credit2-after-wrap xl sched-credit2 -d alpha
cap domid-dom0 xl domid Domain-0
cap domname-0 xl domname 0
cap domid-number xl domid 1
cap domname-junk xl domname 1x
cap domname-minus-one xl domname -1
cap domname-leading-zeros xl domname 001
cap domname-hex xl domname 0x1
cap domname-blank xl domname " "
cap list-dom0-id xl list 0
cap list-two-names xl list alpha Domain-0
cap list-leading-zeros xl list 001
cap list-wrapped-id xl list 4294967297
cap list-dom0-wrapped xl list 4294967296
cap rename-to-dom0 xl rename alpha Domain-0
cap rename-to-number xl rename alpha 5
cap pause-dom0 xl pause 0
cap unpause-running xl unpause alpha
exit 0
