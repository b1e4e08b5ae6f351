#!/usr/bin/env bash
# What a built-in set costs a whole program (README, "What a set costs a whole program"): each
# library's correct-use workload from its test, without the agent and with its set, in turn,
# paired by farm-bench (median wall seconds of N runs each, and the median of the pairs' ratios).
# Run from the repository's root after `mvn -B package -DskipTests` (or verify); JAVA=PATH for
# another JDK, N=RUNS (default 5), AGENT=JAR for another agent jar.
set -u
cd "$(dirname "$0")/.."
A=${AGENT:-agent/target/gilguard.jar}; R=test-apps/rules
JAVA=${JAVA:-java}; RUNS=${N:-5}
EXTRA=""
if "$JAVA" -version 2>&1 | grep -q 'version "2[2-9]'; then EXTRA="--enable-native-access=ALL-UNNAMED"; fi
libs() { # the test class path's jars whose file names start with one of the prefixes, as the tests take them
    local cp=test-apps/target/test-classes p
    for p in "$@"; do
        cp=$cp:$(tr ':' '\n' < test-apps/target/test.classpath | grep "/$p" | head -1)
    done
    echo "$cp"
}
row() { # NAME "PREFIXES" AGENT-OPTIONS MAIN [ARGS...]
    local name=$1 prefixes=$2 options=$3; shift 3
    local jvm="$JAVA $EXTRA -cp $(libs $prefixes)"
    farm-bench -n "$RUNS" --timeout 900 --vs "$jvm $*" -- $jvm -javaagent:$A=$options,longHold=5000 "$@" 2>&1 \
        | awk -v n="$name" '$1" "$2=="B wall" {b=$4} $1" "$2=="A wall" {a=$4} $1" "$2=="A/B wall" {x=$4}
              END {printf "| %s | %.2f s | %.2f s | %.2fx |\n", n, b, a, x}'
}
echo "| workload | without | with the set | ratio |"
echo "|---|---:|---:|---:|"
row "sqlite-jdbc (\`SqliteWorkload\`)" "sqlite-jdbc-" "rules=builtin:sqlite-jdbc" io.gilguard.apps.builtin.SqliteWorkload
row "zstd-jni (\`ZstdWorkload\`)" "zstd-jni-" "rules=builtin:zstd-jni" io.gilguard.apps.builtin.ZstdWorkload
row "jna (\`Jna correct\`)" "jna-" "rules=builtin:jna+$R/builtin-jna-app.rules" io.gilguard.apps.builtin.Jna correct
row "jnr-ffi (\`Jnr correct\`)" "jnr-ffi- jnr-a64asm- jnr-x86asm- jffi-1.3.15.jar jffi-1.3.15-native.jar asm-9 asm-commons asm-analysis asm-tree asm-util" \
    "rules=builtin:jnr-ffi+$R/builtin-jnr-app.rules" io.gilguard.apps.builtin.Jnr correct
row "rocksdb (\`RocksApp fixed\`)" "rocksdbjni-" "rules=builtin:rocksdb" io.gilguard.apps.builtin.RocksApp fixed
row "lmdbjava (\`LmdbApp fixed\`)" "lmdbjava- native-0.9.33 jnr-ffi- jnr-constants- jffi-1.3.15.jar jffi-1.3.15-native.jar jnr-a64asm- jnr-x86asm- asm-9 asm-commons asm-analysis asm-tree asm-util" \
    "rules=builtin:lmdbjava" io.gilguard.apps.builtin.LmdbApp fixed
