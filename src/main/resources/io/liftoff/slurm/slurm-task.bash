#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# liftoff's Slurm array task (written by liftoff; see liftoff's README, "On a Slurm cluster")
# Arguments: java, liftoff's JAR, the experiment folder, the submission id, the array's offset in
# the index, the run timeout (empty for none), the grace period, the state folder the launcher
# used, keep or stop (what a run's script leaves running when it ends), then the script's command.

# shellcheck source=../launch/run-wrapper.bash
source ../launch/run-wrapper.bash

java=$1 jar=$2 exp=$3 sid=$4 offset=$5 timeout=$6 grace=$7 state=$8 leftovers=$9
shift 9
command=("$@")
stdin=/dev/null
jvm=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:-UsePerfData)
# A run gets the same environment as a local run (RunProtocol.environment); the wrapper adds its own.
export LIFTOFF_SESSION_ID=$sid LIFTOFF_EXPERIMENT_DIR=$exp LIFTOFF_STATE_DIR=$state
export PYTHONPATH=$exp/@PYTHON_LIB@${PYTHONPATH:+:$PYTHONPATH}
trap 'signalled=1' TERM
# The time-limit signal before the first run, as between runs, has no run to go to (liftoff_signal): it
# must not end the task, which is what bash does with a USR1 or USR2 it does not trap.
trap 'liftoff_signal USR1' USR1
trap 'liftoff_signal USR2' USR2
claimed=0 after=@NONE@ signalled='' warned=''
# One JVM answers all of the task's questions; should it be gone, one is started per question.
coproc liftoff_ask { "$java" "${jvm[@]}" -jar "$jar" slurm-task @SERVE@ "$exp" "$sid" "$offset"; }
ask_out=${liftoff_ask[0]} ask_in=${liftoff_ask[1]}
ask() {
  local asked
  # A JVM that has gone must not take the task with it (SIGPIPE): the question then fails.
  trap '' PIPE
  { echo "$claimed $after" >&"$ask_in" && IFS= read -r next <&"$ask_out"; } 2>/dev/null; asked=$?
  trap - PIPE
  [ "$asked" -eq 0 ] && return
  next=$("$java" "${jvm[@]}" -jar "$jar" slurm-task @NEXT@ "$exp" "$sid" "$offset" "$claimed" "$after")
}
while [ -z "$signalled" ]; do
  ask || { echo "liftoff: cannot ask for a run" >&2; exit 3; }
  [ -n "$next" ] || break
  read -r var run attempt endby kind <<< "$next"
  [ "$kind" = @NEW@ ] && claimed=$((claimed + 1))
  warned=
  # The run's processes get neither end of the questions' pipe.
  liftoff_run "$claimed" "$var" "$run" @NONE@ "$endby" "$attempt" {ask_out}<&- {ask_in}>&-
  trap 'signalled=1' TERM
  after=$var/$run
done
# A TERM after the time-limit signal (Slurm ending the task at its --time, or the requeue liftoff asked
# for): liftoff judges, within Slurm's KillWait, whether the run goes back to the queue (--requeue-on-timeout).
if [ -n "$signalled" ] && [ -n "$warned" ]; then
  "$java" "${jvm[@]}" -jar "$jar" slurm-task @ENDING@ "$exp" "$sid" "$offset" "$claimed" "$after" >/dev/null
fi
