# Shared helpers for the bench/ scripts: build the JAR once, time commands, take medians.
set -eu
BENCH_HOME="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIFTOFF="$BENCH_HOME/bin/liftoff"
REPEATS="${REPEATS:-3}"

# A scratch folder beside the project (target/ is ignored by git): results folders live on the
# project's disk, not in /tmp, which can be a different and much slower file system.
workdir() {
  mkdir -p "$BENCH_HOME/target/bench"
  mktemp -d "$BENCH_HOME/target/bench/$1.XXXXXX"
}

ensure_jar() {
  if [ ! -f "$BENCH_HOME/target/liftoff.jar" ]; then
    (cd "$BENCH_HOME" && mvn -q -B -DskipTests package >&2)
  fi
}

# seconds COMMAND...: runs it and prints its wall time in seconds (3 decimals).
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}

# median NUMBERS...: the median.
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}
