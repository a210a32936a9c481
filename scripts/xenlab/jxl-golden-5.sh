#!/bin/sh
# xenlab dom0 test, fifth boot for jxl's golden outputs: a domain created paused with vCPUs below
# its maximum has only vCPU 0 up until its kernel runs (xl list's VCPUs 1; vcpu-list CPU "-", "--p"
# for the others), and vcpu-set then changes nothing the hypervisor shows; a pool= that is not there.
# Same files as jxl-golden.sh.
. /etc/xenlab/lib.sh
G=$XENLAB_EXPORT/golden
mkdir -p "$G"
cap() { n=$1; shift; "$@" > "$G/$n.out" 2> "$G/$n.err"; echo $? > "$G/$n.rc"; xlab_mark "cap $n rc=$(cat "$G/$n.rc")"; }
CFG=/etc/xen/xenlab-guest.cfg
cap create-iota xl create -p $CFG 'name="iota"' 'vcpus=2' 'maxvcpus=4'
cap list-iota xl list iota
cap vcpu-list-iota xl vcpu-list iota
cap vcpu-set-iota xl vcpu-set iota 3
cap vcpu-list-iota-set xl vcpu-list iota
cap list-iota-set xl list iota
cap destroy-iota xl destroy iota
cap create-pool-nosuch xl create -p $CFG 'name="kappa"' 'pool="nosuch"'
cap list-after-pool-nosuch xl list
