# shellcheck shell=bash
# liftoff's run wrapper: a library of functions, included by supervisor.bash and the Slurm task
# (see RunWrapper.java). Its placeholders (capitals between at signs) are replaced from Java constants
# (RunProtocol.names) when the program is loaded. The including program sets exp, sid, stdin, command,
# timeout and grace, and reads signalled.
# shellcheck disable=SC2154 # exp, sid, stdin, command, timeout and grace come from the including program

# One run: liftoff_run <id> <variation> <run> <gpu or -> <endby or -> <attempt>
liftoff_run() {
  local id=$1 dir=$exp/$2/$3 rec=$exp/$2/@RUNS@/$3 gpu=$4 endby=$5 attempt=$6
  local w=$BASHPID s t='' p c timer='' trapped='' ended=@ENDED@ l
  # A run aborted (its attached launcher stopped) after it was handed over, before it started, never starts.
  while read -r l; do [[ $l == *'"event":"@ABORT@"'* ]] && { echo "@FAILED@ $id @ABORTED@"; return; }; done < "$rec"
  # Every trap notes that it fired: a wait it interrupted is waited again (bash keeps the status).
  trap 'trapped=1; signalled=1' HUP INT TERM
  trap 'trapped=1; kill -USR1 -- -$p 2>/dev/null' USR1
  trap 'trapped=1; kill -USR2 -- -$p 2>/dev/null' USR2
  # The wrapper holds the script's out and err open: what a script prints after wiping its folder is kept.
  if ! exec 3>> "$dir/@OUT@" 4>> "$dir/@ERR@"; then echo "@FAILED@ $id @NO_OUTPUT@"; return; fi
  # shellcheck disable=SC2206 # the stat line's fields are split on purpose; set -f stops globbing
  if read -r s < /proc/$w/stat; then s=${s##*) }; set -f; s=($s); set +f; t=${s[19]}; fi
  if ! printf '{"event":"@START@","time":%s,"pid":%s,"ticks":%s,"host":"%s"}\n' "${EPOCHREALTIME/,/.}" "$w" "${t:-null}" "$HOSTNAME" >> "$rec"; then
    echo "@FAILED@ $id @NO_RECORD@"; return
  fi
  set -m
  (
    export LIFTOFF_RUN_DIR=$dir LIFTOFF_ATTEMPT=$attempt
    [ "$gpu" = @NONE@ ] || export CUDA_VISIBLE_DEVICES=$gpu
    [ "$endby" = @NONE@ ] || export ENDBY=$endby
    exec "${command[@]}" "$dir/@CFG@" --session-id "$sid" 3>&- 4>&-
  ) < "$stdin" >&3 2>&4 &
  p=$!
  set +m
  t=
  # shellcheck disable=SC2206 # as above
  if read -r s < /proc/$p/stat; then s=${s##*) }; set -f; s=($s); set +f; t=${s[19]}; fi
  printf '{"event":"@SCRIPT@","pid":%s,"ticks":%s}\n' "$p" "${t:-null}" >> "$rec"
  trap '' PIPE
  echo "@STARTED@ $id $w"
  trap - PIPE
  if [ -n "$timeout" ]; then
    set -m; liftoff_timer 3>&- 4>&- & timer=$!; set +m
  fi
  while :; do
    trapped=
    wait "$p"; c=$?
    [ -z "$trapped" ] && break
  done
  [ -z "$timer" ] || kill -- -"$timer" 2>/dev/null
  liftoff_keep @OUT@ 3
  liftoff_keep @ERR@ 4
  exec 3>&- 4>&-
  printf '{"event":"@END@","time":%s,"code":%s}\n' "${EPOCHREALTIME/,/.}" "$c" >> "$rec" || ended=@UNRECORDED@
  echo "$ended $id $c"
}

# Out of the wrapper's process (its own group): a timeout holds even if someone killed the wrapper.
liftoff_timer() {
  sleep "$timeout"
  # Once fired it finishes, even when the wrapper, seeing the script end, stops it.
  trap '' TERM
  printf '{"event":"@TIMEOUT@","time":%s}\n' "${EPOCHREALTIME/,/.}" >> "$rec"
  kill -TERM -- -"$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null
  liftoff_escaped TERM
  sleep "$grace"
  kill -KILL -- -"$p" 2>/dev/null || kill -KILL "$p" 2>/dev/null
  liftoff_escaped KILL
}

# The run's processes that left the script's group (setsid, daemons) still carry the run's folder.
liftoff_escaped() {
  local e q
  # shellcheck disable=SC2013 # grep prints /proc/<pid>/environ paths: words without spaces
  for e in $(grep -lzxF "LIFTOFF_RUN_DIR=$dir" /proc/[0-9]*/environ 2>/dev/null); do
    q=${e#/proc/}; q=${q%/environ}
    kill -"$1" "$q" 2>/dev/null
  done
}

# A file the script removed (with its folder) gets what was written to it back; one it replaced stays its.
liftoff_keep() {
  local f=$dir/$1
  [ "$f" -ef /proc/"$w"/fd/"$2" ] && return
  [ -e "$f" ] || [ -L "$f" ] && return
  mkdir -p "$dir" && cat /proc/"$w"/fd/"$2" > "$f"
}
