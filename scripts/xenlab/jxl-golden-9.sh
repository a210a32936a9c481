#!/bin/sh
# xenlab dom0 test, ninth boot for jxl's golden outputs: a domain ID that does not exist. xl reads any
# number as a domain ID without looking it up (libxl_domain_qualifier_to_domid), so each command
# fails its own way. Same files as jxl-golden.sh.
. /etc/xenlab/lib.sh
G=$XENLAB_EXPORT/golden
mkdir -p "$G"
cap() { n=$1; shift; "$@" > "$G/$n.out" 2> "$G/$n.err"; echo $? > "$G/$n.rc"; xlab_mark "cap $n rc=$(cat "$G/$n.rc")"; }
cap id99-destroy xl destroy 99
cap id99-pause xl pause 99
cap id99-unpause xl unpause 99
cap id99-shutdown xl shutdown 99
cap id99-reboot xl reboot 99
cap id99-rename xl rename 99 newname
cap id99-sysrq xl sysrq 99 s
cap id99-mem-set xl mem-set 99 100m
cap id99-mem-max xl mem-max 99 100m
cap id99-vcpu-set xl vcpu-set 99 1
cap id99-vcpu-pin xl vcpu-pin 99 0 0
cap id99-vcpu-list xl vcpu-list 99
cap id99-list xl list 99
cap id99-list-l xl list -l 99
cap id99-network-list xl network-list 99
cap id99-block-list xl block-list 99
cap id99-network-attach xl network-attach 99 script=vif-xenlab
cap id99-block-attach xl block-attach 99 phy:/dev/loop0,xvdb,w
cap id99-network-detach xl network-detach 99 0
cap id99-block-detach xl block-detach 99 xvdb
cap id99-uptime xl uptime 99
cap id99-save xl save 99 /tmp/99.save
cap id99-dump-core xl dump-core 99 /tmp/99.core
cap id99-sched-credit2 xl sched-credit2 -d 99
cap id99-sched-credit2-set xl sched-credit2 -d 99 -w 100
cap id99-console xl console -n 0 99
