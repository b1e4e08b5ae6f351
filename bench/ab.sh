#!/usr/bin/env bash
# A/B of agent jars on one hot path (bench/README.md, "The boundaries' hot path"): one JMH fork
# per configuration in turn, ROUNDS times, so that a drift of the machine falls on every
# configuration alike; prints, per configuration, the minimum, 25th percentile and median of all
# its measurement iterations (ns/op). A configuration is an agent jar, or `none` (no agent, and
# the benchmark PLAIN=REGEXP if given: the hand-written twin of an upcall); JAR,OPTIONS adds
# agent options to the rules (JAR,native=off). Run from the repository's root after
# `mvn -B package -DskipTests`; JAVA=PATH for another JDK.
#   bench/ab.sh '\.DowncallBench.noop' 4 none old.jar agent/target/gilguard.jar
#   bench/ab.sh '\.DowncallBench.noop' 4 none agent/target/gilguard.jar,native=off agent/target/gilguard.jar
#   PLAIN=UpcallBench.handLocked bench/ab.sh '\.UpcallBench.advised' 4 none agent/target/gilguard.jar
set -u
cd "$(dirname "$0")/.."
if [ $# -lt 3 ]; then
    echo "usage: bench/ab.sh BENCHMARK-REGEXP ROUNDS CONFIG... (CONFIG: an agent jar, or none)" >&2
    exit 2
fi
bench=$1; rounds=$2; shift 2
JAVA=${JAVA:-java}
B=bench/target
jvm="-Djava.library.path=$B/native"
if "$JAVA" -version 2>&1 | grep -q 'version "2[2-9]'; then
    jvm="$jvm --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
fi
for r in $(seq "$rounds"); do
    for c in "$@"; do
        if [ "$c" = none ]; then agent=""; b=${PLAIN:-$bench}
        else jar=${c%%,*}; agent="-javaagent:$jar=rules=$B/classes/bench.rules${c#"$jar"}"; b=$bench; fi
        "$JAVA" -Djmh.ignoreLock=true -cp $B/benchmarks.jar org.openjdk.jmh.Main "$b" -wi 3 -i 5 -f 1 -w 1s -r 1s \
                -jvmArgsAppend "$jvm $agent" 2>&1 | awk -v c="$c" '/^Iteration/ {print c, $3}'
    done
done | sort -k1,1 -k2,2n | awk '
    function flush() { if (n) printf "%-40s n=%3d min %7.2f  p25 %7.2f  median %7.2f\n", k, n, v[1], v[int(n/4)+1], (n%2 ? v[(n+1)/2] : (v[n/2]+v[n/2+1])/2) }
    $1 != k { flush(); k = $1; n = 0 }
    { v[++n] = $2 }
    END { flush() }'
