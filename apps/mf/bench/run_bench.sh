#!/usr/bin/env bash
# The MF benchmark of the README, in one run: Strads4J CCD++ on 1 and 3 embedded nodes, the numpy
# ALS reference (shared/reference/mf_ref.py; needs Debian's python3-numpy) and Spark MLlib ALS 3.5.6
# (local[2], downloaded by the bench-spark profile, ~270 MB in ~/.m2), on movielens_small with the
# same rank, regularisation and iteration count. Not a test: the figures depend on the machine.
#   bash apps/mf/bench/run_bench.sh                          # weighted, lambda 0.1 (Spark's regParam)
#   bash apps/mf/bench/run_bench.sh --reg plain --lambda 0.05 --python none   # any strads bench mf options
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
MF="$ROOT/apps/mf"
cd "$ROOT"
mvn -B -q -Pbench-spark -pl apps/mf dependency:build-classpath -Dmdep.outputFile="$MF/target/spark.classpath"
mkdir -p "$MF/target/bench-spark-classes"
javac -nowarn -d "$MF/target/bench-spark-classes" -cp "$(cat "$MF/target/spark.classpath")" \
  "$MF"/src/bench-spark/java/org/strads4j/apps/mf/bench/SparkAlsBench.java
echo "$MF/target/bench-spark-classes:$(cat "$MF/target/spark.classpath")" > "$MF/target/spark-bench.classpath"
exec "$ROOT/bin/strads" bench mf --spark-classpath "$MF/target/spark-bench.classpath" "$@"
