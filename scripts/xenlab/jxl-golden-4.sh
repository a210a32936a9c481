#!/bin/sh
# xenlab dom0 test, fourth boot for jxl's golden outputs: creates that fail after the config is read,
# each leaving no domain (a disk whose image is not there, raw and qcow2; a bootloader, pygrub, with and
# without a boot disk; more memory than the host has; a bridge dom0 does not have; a hard affinity outside
# the host's CPUs), and affinities naming CPUs past the host's last, which Xen drops (create with
# cpus_soft="all" and cpus="0-7", vcpu-pin to 0-7; a pin to such a CPU alone is EINVAL); pool= by name;
# maxmem below memory; a name with a blank; block-attach of an image that is not there and network-attach
# to a bridge dom0 lacks. Same files as jxl-golden.sh.
. /etc/xenlab/lib.sh
G=$XENLAB_EXPORT/golden
mkdir -p "$G"
cap() { n=$1; shift; "$@" > "$G/$n.out" 2> "$G/$n.err"; echo $? > "$G/$n.rc"; xlab_mark "cap $n rc=$(cat "$G/$n.rc")"; }
CFG=/etc/xen/xenlab-guest.cfg
cap create-missing-disk xl create $CFG 'name="delta"' 'disk=["format=raw,vdev=xvda,access=rw,target=/tmp/nope.img"]'
cap create-missing-qcow2 xl create $CFG 'name="delta"' 'disk=["format=qcow2,vdev=xvdb,target=/tmp/nope.qcow2"]'
dd if=/dev/zero of=/tmp/boot.img bs=1024 count=1024 2>/dev/null
printf 'name = "delta"\nbootloader = "pygrub"\nmemory = 128\ndisk = [ "format=raw,vdev=xvda,access=rw,target=/tmp/boot.img" ]\n' > /tmp/pygrub.cfg
cap create-bootloader xl create /tmp/pygrub.cfg
printf 'name = "delta"\nbootloader = "pygrub"\nmemory = 128\n' > /tmp/pygrub-nodisk.cfg
cap create-bootloader-no-disk xl create /tmp/pygrub-nodisk.cfg
cap create-too-big xl create $CFG 'name="delta"' 'memory=64000'
cap create-no-bridge xl create $CFG 'name="delta"' 'vif=["bridge=nosuchbridge"]'
cap create-hard-outside xl create -p $CFG 'name="delta"' 'cpus="4-7"'
cap create-maxmem-below xl create -p $CFG 'name="theta"' 'maxmem=64'
cap create-name-space xl create -p $CFG 'name="has space"'
cap create-pool-0 xl create -p $CFG 'name="eta"' 'pool="Pool-0"'
cap destroy-theta xl destroy theta
cap destroy-space xl destroy "has space"
cap destroy-eta xl destroy eta
cap create-soft-all xl create -p $CFG 'name="eps"' 'vcpus=2' 'cpus_soft="all"'
cap create-hard-beyond xl create -p $CFG 'name="zeta"' 'cpus="0-7"'
cap vcpu-list-beyond xl vcpu-list eps zeta
cap vcpu-pin-beyond xl vcpu-pin eps 0 0-7 all
cap vcpu-pin-outside xl vcpu-pin eps 0 5
cap vcpu-list-pinned-beyond xl vcpu-list eps
cap block-attach-missing xl block-attach eps 'format=raw,vdev=xvdc,target=/tmp/nope.img'
cap network-attach-no-bridge xl network-attach eps bridge=nosuchbridge
cap block-list-eps xl block-list eps
cap destroy-eps xl destroy eps
cap destroy-zeta xl destroy zeta
