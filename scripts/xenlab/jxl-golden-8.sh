#!/bin/sh
# xenlab dom0 test, eighth boot for jxl's golden outputs: names and UUIDs a create may be refused for:
# dom0's name, a name that is a number, one with a slash, a very long one, an empty one; a second
# domain with the first one's UUID. Same files as jxl-golden.sh.
. /etc/xenlab/lib.sh
G=$XENLAB_EXPORT/golden
mkdir -p "$G"
cap() { n=$1; shift; "$@" > "$G/$n.out" 2> "$G/$n.err"; echo $? > "$G/$n.rc"; xlab_mark "cap $n rc=$(cat "$G/$n.rc")"; }
CFG=/etc/xen/xenlab-guest.cfg
U=6b1d2c3e-4f50-4a6b-8c7d-9e0f1a2b3c4d
cap create-name-dom0 xl create -p $CFG 'name="Domain-0"'
cap create-name-number xl create -p $CFG 'name="7"'
cap list-after-name-number xl list
cap destroy-name-number xl destroy 7
cap create-name-slash xl create -p $CFG 'name="a/b"'
cap list-after-name-slash xl list
cap create-name-long xl create -p $CFG "name=\"$(printf 'x%.0s' $(seq 1 300))\""
cap list-after-name-long xl list
cap create-name-empty xl create -p $CFG 'name=""'
cap create-uuid-xi xl create -p $CFG 'name="xi"' "uuid=\"$U\""
cap create-uuid-omicron xl create -p $CFG 'name="omicron"' "uuid=\"$U\""
cap list-after-uuid xl list
cap list-l-xi-uuid sh -c 'xl list -l xi | grep -m1 uuid'
xl destroy omicron 2>/dev/null
cap destroy-xi xl destroy xi
cap list-end-8 xl list
