#!/bin/sh
# xenlab dom0 test, sixth boot for jxl's golden outputs: Xen counts a toolstack's pauses (create -p is
# one, each pause another, each unpause one less; an unpause at zero is EINVAL, which xl reports with
# status 0); a domain whose kernel never ran: a pin of an offline vCPU, mem-set and sysrq while
# paused, and a shutdown, which libxl waits 60 s for the guest to acknowledge and then fails
# ("shutdown failed (rc=-9)", status 1), with -w too. Same files as jxl-golden.sh.
. /etc/xenlab/lib.sh
G=$XENLAB_EXPORT/golden
mkdir -p "$G"
cap() { n=$1; shift; "$@" > "$G/$n.out" 2> "$G/$n.err"; echo $? > "$G/$n.rc"; xlab_mark "cap $n rc=$(cat "$G/$n.rc")"; }
CFG=/etc/xen/xenlab-guest.cfg
cap create-lambda xl create -p $CFG 'name="lambda"' 'vcpus=2' 'maxvcpus=4'
cap pause-lambda xl pause lambda
cap unpause-lambda xl unpause lambda
cap list-lambda-paused xl list lambda
cap vcpu-pin-offline xl vcpu-pin lambda 1 0
cap vcpu-list-lambda xl vcpu-list lambda
cap mem-set-lambda xl mem-set lambda 100m
cap list-lambda-mem xl list lambda
cap sysrq-lambda xl sysrq lambda s
cap shutdown-lambda xl shutdown lambda
# with -w xl asks every domain first (and fails there) before "Waiting for N domains"
cap shutdown-w-lambda xl shutdown -w lambda
cap unpause-lambda-again xl unpause lambda
cap unpause-lambda-running xl unpause lambda
cap destroy-lambda xl destroy lambda
cap create-mu xl create $CFG 'name="mu"'
cap pause-mu xl pause mu
cap pause-mu-twice xl pause mu
cap unpause-mu xl unpause mu
cap list-mu-still-paused xl list mu
cap unpause-mu-again xl unpause mu
cap list-mu-running xl list mu
cap destroy-mu xl destroy mu
