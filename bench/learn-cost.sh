#!/usr/bin/env bash
# Learn mode's cost on the test apps' workloads, whole programs (README, Cost): each row is the
# program plain, checked by its rules file, and learning (learn=FILE, no rules); the last two
# paired in turn by farm-bench (median wall seconds of 5 runs each, their ratio pair by pair).
# Run from the repository's root after `mvn -B package -DskipTests`; JAVA=PATH for another JDK.
set -u
cd "$(dirname "$0")/.."
N=test-apps/target/native; A=agent/target/gilguard.jar; R=test-apps/rules
jna=$(tr ':' '\n' < test-apps/target/test.classpath | grep '/jna-[0-9]' | head -1)
CP=test-apps/target/test-classes:test-apps/target/classes:$jna
JAVA=${JAVA:-java}
out=$(mktemp -d)
median() { farm-bench -n 5 --timeout 600 --vs "$2" -- $1 2>&1 | awk -v k="$3" '$1" "$2==k {print $4}'; }
row() { # NAME CHECKING-OPTIONS MAIN [ARGS...]
    local name=$1 rules=$2; shift 2
    local jvm="$JAVA -Djna.library.path=$N -Djava.library.path=$N -cp $CP"
    local plain="$jvm $*" checked="$jvm -javaagent:$A=$rules $*" learning="$jvm -javaagent:$A=learn=$out/$name.rules $*"
    local p c l r
    p=$(median "$learning" "$plain" "B wall")
    read -r c l r < <(farm-bench -n 5 --timeout 600 --vs "$checked" -- $learning 2>&1 \
        | awk '$1" "$2=="B wall" {b=$4} $1" "$2=="A wall" {a=$4} $1" "$2=="A/B wall" {x=$4} END {print b, a, x}')
    echo "| $name | $p s | $c s | $l s | ${r}x |"
}
echo "| workload | plain | checked (its rules) | learning | learning / checked |"
echo "|---|---:|---:|---:|---:|"
row callback "rules=$R/callback-fixed.rules" io.gilguard.apps.callback.Main
row jna-callbacks "rules=builtin:jna+$R/jna-callbacks-fixed.rules" io.gilguard.apps.jna.Callbacks count
row detach "rules=$R/detach.rules" io.gilguard.apps.detach.Main percall fixed
row jnimon "rules=$R/jnimon-fixed.rules" io.gilguard.apps.jnimon.Main fixed
row longcall "rules=$R/longcall-fixed.rules" io.gilguard.apps.longcall.Main
# the learn app is checked by what learning it proposed
$JAVA -Djava.library.path=$N -cp $CP -javaagent:$A=learn=$out/proposed.rules io.gilguard.apps.learn.Main >/dev/null 2>&1
row learn "rules=$out/proposed.rules" io.gilguard.apps.learn.Main
