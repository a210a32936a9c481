# Sourced by ./jxen and bin/* (an installed tree's copy is PREFIX/lib/java-env.sh, docs/packaging.md): finds
# Java 25 or later (JAVA_HOME, else the `java` on PATH, else a JDK under /usr/lib/jvm) and exports JAVA_HOME and PATH.
# The JDK's release file says its version without starting a JVM (bin/jxl is started a hundred times a
# day: a java -version here cost it 30 to 100 ms); a JDK without one is asked.
jxen_java_ok() {
  [ -x "$1/bin/java" ] || return 1
  if [ -f "$1/release" ]; then grep -Eq '^JAVA_VERSION="(2[5-9]|[3-9][0-9])' "$1/release"
  else "$1/bin/java" -version 2>&1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; fi
}
if [ -z "${JAVA_HOME:-}" ] || ! jxen_java_ok "$JAVA_HOME"; then
  JAVA_HOME= on_path=$(command -v java 2>/dev/null || true)
  [ -z "$on_path" ] || { on_path=$(readlink -f "$on_path"); on_path=${on_path%/bin/java}; }
  for candidate in ${on_path:+"$on_path"} /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/java-25* /usr/lib/jvm/*25*; do
    if jxen_java_ok "$candidate"; then JAVA_HOME=$candidate; break; fi
  done
  if [ -z "$JAVA_HOME" ]; then
    echo "jxen: needs Java 25 or later (${on_path:+$on_path is older; }a JDK to build, a JRE is enough to run an installed" >&2
    echo "      tree). Install one (Debian/Ubuntu: Adoptium's temurin-25-jdk or temurin-25-jre package, in" >&2
    echo "      /usr/lib/jvm/temurin-25-*), or point JAVA_HOME at one, or put its bin/java first on PATH, and run again." >&2
    exit 1
  fi
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
# Maven's own libraries still touch sun.misc.Unsafe; keep JDK 25 from printing warnings about it.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
