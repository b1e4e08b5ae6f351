#!/usr/bin/env bash
# The memory soak (bench/README.md, Memory): Soak for MINUTES (default 60) with and without the
# agent, side by side, each sampling heap and RSS every minute into bench/soak/*.csv; then one
# PNG of both, bench/soak.png. Not part of CI: it runs for an hour.
set -eu
cd "$(dirname "$0")/.."
minutes=${1:-60}
# copies: a build during the hour must not change the jars under the running JVMs
run=$(mktemp -d)
cp bench/target/benchmarks.jar agent/target/gilguard.jar "$run"/
cp -r bench/target/native "$run"/
jar=$run/benchmarks.jar
native=$run/native
mkdir -p bench/soak
# the CSVs are written in the copy's folder too, and copied into bench/soak/ at the end: a checkout
# or a merge during the hour must not take the files from under the running JVMs
java -Djava.library.path=$native -Xmx256m -cp $jar io.gilguard.bench.Soak --minutes "$minutes" \
    --csv "$run/without-agent.csv" &
plain=$!
java -javaagent:$run/gilguard.jar=rules=bench/soak.rules,report=$run/with-agent.json \
    -Djava.library.path=$native -Xmx256m -cp $jar io.gilguard.bench.Soak --minutes "$minutes" \
    --csv "$run/with-agent.csv" &
agent=$!
wait $plain
wait $agent
cp "$run/with-agent.csv" "$run/without-agent.csv" "$run/with-agent.json" bench/soak/
java -cp $jar io.gilguard.bench.SoakPlot bench/soak.png bench/soak/with-agent.csv bench/soak/without-agent.csv
echo "bench/soak/with-agent.csv bench/soak/without-agent.csv bench/soak.png"
