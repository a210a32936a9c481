#!/bin/sh
# xenlab dom0 test for scripts/xenlab/contract-lane (busybox sh): runs LibxlToolstackContractTest
# (the Toolstack contract on the libxl backend) with JUnit's console launcher on dom0's jlink'ed
# Java, then prints "CONTRACT-RESULT tests=N passed=N failed=N skipped=N rc=N". CONTRACT_TESTS
# ("method method ...") runs only those test methods; CONTRACT_SCALE is letTimePass's time scale.
. /etc/xenlab/lib.sh
X=/opt/extra
G=/var/lib/xenlab/guest
cp $X/guest-initrd-contract.gz $G/initrd-contract.gz
# Xen's block hotplug script needs flock (from the host, in /opt/extra), the loop driver for
# file-backed disks, and /dev/stdin (its lock loop stats it; devtmpfs has no such links).
cp $X/flock /usr/bin/flock; chmod 755 /usr/bin/flock
modprobe loop || xlab_warn "modprobe loop failed"
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
for i in 0:stdin 1:stdout 2:stderr; do [ -e /dev/${i#*:} ] || ln -s /proc/self/fd/${i%%:*} /dev/${i#*:}; done
mkdir -p /tmp/contract
cat > /tmp/contract/logging.properties <<'PROPS'
handlers=java.util.logging.FileHandler,java.util.logging.ConsoleHandler
java.util.logging.FileHandler.pattern=/tmp/contract/java.log
java.util.logging.FileHandler.level=ALL
java.util.logging.FileHandler.formatter=java.util.logging.SimpleFormatter
java.util.logging.ConsoleHandler.level=WARNING
java.util.logging.SimpleFormatter.format=%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n
.level=INFO
org.jxen.level=ALL
PROPS
sel="--select-class org.jxen.toolstack.libxl.LibxlToolstackContractTest"
if [ -n "${CONTRACT_TESTS:-}" ]; then
    sel=
    for m in $CONTRACT_TESTS; do sel="$sel --select-method org.jxen.toolstack.libxl.LibxlToolstackContractTest#$m"; done
fi
xlab_mark "contract start: ${CONTRACT_TESTS:-all tests}"
t0=$(xlab_up)
: > /tmp/contract/junit.out
tail -f /tmp/contract/junit.out & tailer=$!   # each test's result on the console as it ends
# shellcheck disable=SC2086
/opt/java/bin/java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss1m \
    -Djava.util.logging.config.file=/tmp/contract/logging.properties \
    -Djxen.contract.requireXen=true -Djxen.contract.timeScale=${CONTRACT_SCALE:-4} \
    ${CONTRACT_SKIP:+-Djxen.contract.skip=$CONTRACT_SKIP} -Djava.io.tmpdir=/tmp/contract \
    -jar $X/contract/junit-platform-console-standalone.jar execute --disable-banner --disable-ansi-colors --details=testfeed \
    --reports-dir=/tmp/contract/reports --class-path "$(cat $X/contract/classpath)" $sel \
    >> /tmp/contract/junit.out 2>&1
rc=$?
sleep 1; kill $tailer
xlab_time contract_s "$(xlab_diff "$t0" "$(xlab_up)")"
mkdir -p "$XENLAB_EXPORT"; cp /tmp/contract/junit.out "$XENLAB_EXPORT/contract-junit.txt"
n() { sed -n "s/^\[ *\([0-9]*\) tests $1 *\]\$/\1/p" /tmp/contract/junit.out | head -1; }
found=$(n found) ok=$(n successful) failed=$(n failed) aborted=$(n aborted) skipped=$(n skipped)
mkdir -p "$XENLAB_EXPORT/contract"
cp -r /tmp/contract/junit.out /tmp/contract/java.log* /tmp/contract/reports "$XENLAB_EXPORT/contract/" 2>/dev/null
cp -r /var/log/xen "$XENLAB_EXPORT/contract/var-log-xen" 2>/dev/null
xl list > "$XENLAB_EXPORT/contract/xl-list-after.txt" 2>&1
xenstore-ls -fp / > "$XENLAB_EXPORT/contract/xenstore-after.txt" 2>&1
xl dmesg > "$XENLAB_EXPORT/contract/xl-dmesg.txt" 2>&1
xlab_mark "CONTRACT-RESULT tests=${found:-?} passed=${ok:-?} failed=${failed:-?} skipped=$(( ${skipped:-0} + ${aborted:-0} )) rc=$rc"
exit $rc
