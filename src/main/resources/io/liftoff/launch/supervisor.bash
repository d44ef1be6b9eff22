# shellcheck shell=bash
# shellcheck source-path=SCRIPTDIR
# liftoff's supervisor (see RunWrapper.java), run as bash -c with $0 liftoff-supervisor:
# $1 the experiment folder, $2 the session id, $3 the file runs read as standard input, $4 the
# timeout in seconds (empty for none), $5 the grace period, $6 keep or stop (what a run's script
# leaves running when it ends), then the script's command (the run's cfg.yaml and --session-id follow). It reads runs, one hand-over line each, until the launcher
# closes its input (or dies), then waits for its runs.

# shellcheck source=run-wrapper.bash
source run-wrapper.bash

exp=$1 sid=$2 stdin=$3 timeout=$4 grace=$5 leftovers=$6
shift 6
command=("$@")
# bash's own notes ("line 14: Killed") must reach nobody; each run's err is its own file.
exec 2>/dev/null
trap : HUP INT TERM
while :; do
  read -r id var run gpu endby attempt; rc=$?
  [ "$rc" -gt 128 ] && continue
  [ "$rc" -eq 0 ] || break
  liftoff_run "$id" "$var" "$run" "$gpu" "$endby" "$attempt" &
done
while :; do wait; [ $? -gt 128 ] || break; done
