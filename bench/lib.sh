# Shared helpers for the bench/ scripts: build the JAR once, time commands, take medians.
set -eu
BENCH_HOME="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIFTOFF="$BENCH_HOME/bin/liftoff"


# scratch NAME: sets work to a fresh scratch folder, removed on exit, beside the project (target/ is
# ignored by git), where results folders usually live, rather than /tmp, which can be another and
# much slower file system. BENCH_DIR=/dev/shm measures on tmpfs instead, to tell liftoff's own cost
# from the disk's. It gets a host index of its own, since status -a in an empty folder also lists
# every experiment launched from this host. Under bench/run-all the folder is removed only once every
# benchmark has run (BENCH_LEFT names the file that lists it): on an ext4 without a journal, creating
# files in the minute after many were removed costs several times more, so one benchmark's clean-up
# would slow the next one's liftoff, which creates files, and not its reference, which creates none.
scratch() {
  local base="${BENCH_DIR:-$BENCH_HOME/target/bench}"
  mkdir -p "$base"
  work="$(mktemp -d "$base/$1.XXXXXX")"
  export LIFTOFF_STATE_DIR="$work/state"
  if [ -n "${BENCH_LEFT:-}" ]; then
    echo "$work" >> "$BENCH_LEFT"
  else
    trap 'rm -rf "$work"' EXIT
  fi
}

ensure_jar() {
  if [ ! -f "$BENCH_HOME/target/liftoff.jar" ]; then
    (cd "$BENCH_HOME" && mvn -q -B -DskipTests package >&2)
  fi
}

# seconds COMMAND...: runs it and prints its wall time in seconds (3 decimals). Files the previous
# measurement left to write back are written first, so that no figure pays for another's.
seconds() {
  local start end
  sync
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

# median_seconds N COMMAND...: the median wall time of N runs of a command.
median_seconds() {
  local n="$1"
  shift
  local times=()
  for _ in $(seq "$n"); do
    times+=("$(seconds "$@")")
  done
  median "${times[@]}"
}

# prepare_hello DIR: sets HELLO to a JVM "hello world" command started with bin/liftoff's flags,
# the floor for any Java command.
prepare_hello() {
  printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$1/Hello.java"
  javac -d "$1" "$1/Hello.java"
  HELLO=(java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmn32m -Xss512k -XX:-UsePerfData -cp "$1" Hello)
}

# make_experiment DIR RUNS: an experiment of RUNS finished runs (created by liftoff, records
# written directly, as a launch would have left them), for timing the commands that read it.
make_experiment() {
  local dir="$1" runs="$2"
  mkdir -p "$dir/configs"
  echo "x: 1" > "$dir/configs/default.yaml"
  printf '#!/bin/sh\n' > "$dir/noop"
  chmod +x "$dir/noop"
  (cd "$dir" && "$LIFTOFF" ./noop --runs-no "$runs" --max-runs 1 --results-path results >/dev/null 2>&1)
  python3 - "$dir/results" <<'PY'
import os, sys, time
root = sys.argv[1]
now = int(time.time())
for experiment in os.listdir(root):
    for variation in os.listdir(os.path.join(root, experiment)):
        records = os.path.join(root, experiment, variation, ".__runs")
        if variation.startswith(".") or not os.path.isdir(records):
            continue
        count = len([d for d in os.listdir(os.path.join(root, experiment, variation)) if d.isdigit()])
        for run in range(count):
            record = os.path.join(records, str(run))
            if os.path.exists(record):
                continue
            start = now - 3600 + run % 3000
            with open(record, "w") as f:
                f.write('{"event":"claim","owner":"session-bench","host":"bench","time":%d,"launch":{"attempt":1}}\n' % start)
                f.write('{"event":"start","time":%d,"pid":1,"ticks":1,"host":"bench"}\n' % start)
                f.write('{"event":"end","time":%d,"code":0}\n' % (start + 60))
PY
}

# result FIGURE VALUE REFERENCE RATIO GOAL: one row of bench/run-all's table.
result() {
  printf 'RESULT\t%s\t%s\t%s\t%s\t%s\n' "$@"
}
