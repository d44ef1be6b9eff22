# shellcheck shell=bash
# liftoff's run wrapper: a library of functions, included by supervisor.bash and the Slurm task
# (see RunWrapper.java). Its placeholders (capitals between at signs) are replaced from Java constants
# (RunProtocol.names) when the program is loaded. The including program sets exp, sid, stdin, command,
# timeout and grace, and reads signalled (a TERM, HUP or INT came) and warned (the last USR1/USR2 passed on).
# shellcheck disable=SC2154 # exp, sid, stdin, command, timeout and grace come from the including program

# One run: liftoff_run <id> <variation> <run> <gpu or -> <endby or -> <attempt>
liftoff_run() {
  local id=$1 dir=$exp/$2/$3 rec=$exp/$2/@RUNS@/$3 gpu=$4 endby=$5 attempt=$6
  local w=$BASHPID s t='' p c timer='' trapped='' ended=@ENDED@ l stopped=0 extra='' first
  # A run aborted (its attached launcher stopped) after it was handed over, before it started, never starts.
  while read -r l; do [[ $l == *'"event":"@ABORT@"'* ]] && { echo "@FAILED@ $id @ABORTED@"; return; }; done < "$rec"
  # Every trap notes that it fired: a wait it interrupted is waited again (bash keeps the status).
  trap 'trapped=1; signalled=1' HUP INT TERM
  trap 'trapped=1; liftoff_signal USR1' USR1
  trap 'trapped=1; liftoff_signal USR2' USR2
  # The wrapper holds the script's out and err open: what a script prints after wiping its folder is kept.
  if ! exec 3>> "$dir/@OUT@" 4>> "$dir/@ERR@"; then echo "@FAILED@ $id @NO_OUTPUT@"; return; fi
  # shellcheck disable=SC2206 # the stat line's fields are split on purpose; set -f stops globbing
  if read -r s < /proc/$w/stat; then s=${s##*) }; set -f; s=($s); set +f; t=${s[19]}; fi
  if ! printf '{"event":"@START@","time":%s,"pid":%s,"ticks":%s,"host":"%s"}\n' "${EPOCHREALTIME/,/.}" "$w" "${t:-null}" "$HOSTNAME" >> "$rec"; then
    echo "@FAILED@ $id @NO_RECORD@"; return
  fi
  # The last pid handed out before the script: every process of the run comes after it (liftoff_left).
  read -r first < /proc/sys/kernel/ns_last_pid 2>/dev/null || first=
  set -m
  (
    export LIFTOFF_RUN_DIR=$dir LIFTOFF_ATTEMPT=$attempt LIFTOFF_METRICS=$rec@METRICS@
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
  # As Slurm ends a job step's processes: what the script left running ends with it, before its end is recorded.
  [ "$leftovers" = keep ] || liftoff_stop_leftovers
  [ "$stopped" -eq 0 ] || extra=",\"@STOPPED@\":$stopped"
  liftoff_keep @OUT@ 3
  liftoff_keep @ERR@ 4
  exec 3>&- 4>&-
  # An experiment or variation that was deleted (by a script, say) stays deleted: nothing is written into it.
  if [ ! -e "$exp/@EXPERIMENT@" ] || [ ! -d "${rec%/*}" ]; then
    echo "@GONE@ $id $c"
    return
  fi
  printf '{"event":"@END@","time":%s,"code":%s%s}\n' "${EPOCHREALTIME/,/.}" "$c" "$extra" >> "$rec" || ended=@UNRECORDED@
  echo "$ended $id $c"
}

# USR1/USR2 (on Slurm, --signal's warning before the time limit) go on to the script's group; the record
# says when, and warned tells the including program. Between runs (the trap stays) there is no one to tell.
liftoff_signal() {
  [ -n "${p-}" ] || return 0
  # shellcheck disable=SC2034 # read by the including program
  warned=$1
  printf '{"event":"@SIGNAL@","time":%s,"signal":"%s"}\n' "${EPOCHREALTIME/,/.}" "$1" >> "$rec"
  kill -"$1" -- -"$p" 2>/dev/null
}

# The processes the script left when it ended (its group, and those that left the group but carry the
# run's folder) are stopped as a timeout stops a run: TERM, the grace period, KILL. Sets stopped to how
# many there were; a script that left nothing costs one grep.
liftoff_stop_leftovers() {
  local i=0 limit left
  liftoff_left
  stopped=$left
  [ "$stopped" -gt 0 ] || return
  kill -TERM -- -"$p" 2>/dev/null
  liftoff_escaped TERM
  # The grace period in tenths of a second (it may be 0.5).
  local whole=${grace%%.*} tenth=0
  [[ $grace == *.* ]] && tenth=${grace#*.} && tenth=${tenth:0:1}
  limit=$(( ${whole:-0} * 10 + ${tenth:-0} ))
  while [ "$i" -lt "$limit" ]; do
    liftoff_left
    [ "$left" -gt 0 ] || break
    sleep 0.1
    i=$((i + 1))
  done
  kill -KILL -- -"$p" 2>/dev/null
  liftoff_escaped KILL
}

# Sets left to how many of the run's processes are alive: those that carry its folder, and its group's
# other members (a process that cleared its environment); zombies, already ended, do not count. Only
# processes made since the script started can be the run's: pids are handed out in turn (wrapping at
# pid_max), so those between the last pid before the script ($first) and the last pid now are looked at:
# one stat each when they are fewer than a listing of /proc would cost (the common case: a trivial run
# ends among a few new pids, most already gone, the rest other runs'), else the listing, filtered. A few
# are read without starting a process; otherwise one grep reads them. The group is looked at only while
# it has members.
liftoff_left() {
  local e q s last seen=' '
  local -a made=()
  left=0
  read -r last < /proc/sys/kernel/ns_last_pid 2>/dev/null || last=
  if [ -n "$first" ] && [ -n "$last" ] && (( first <= last && last - first <= 1024 )); then
    for (( q = first + 1; q <= last; q++ )); do
      [ -e "/proc/$q" ] && made+=("$q")
    done
  else
    for e in /proc/[0-9]*; do
      q=${e#/proc/}
      if [ -n "$first" ] && [ -n "$last" ]; then
        if (( first <= last ? q <= first || q > last : q <= first && q > last )); then
          continue
        fi
      fi
      made+=("$q")
    done
  fi
  if [ "${#made[@]}" -le 16 ]; then
    for q in "${made[@]}"; do
      liftoff_carries "$q" && liftoff_leader "$q" && { seen+="$q "; left=$((left + 1)); }
    done
  else
    # shellcheck disable=SC2013 # grep prints /proc/<pid>/environ paths: words without spaces
    for e in $(cd /proc && grep -lzxF "LIFTOFF_RUN_DIR=$dir" "${made[@]/%//environ}" 2>/dev/null); do
      q=${e%/environ}
      liftoff_leader "$q" || continue
      seen+="$q "
      left=$((left + 1))
    done
  fi
  kill -0 -- -"$p" 2>/dev/null || return 0
  for q in "${made[@]}"; do
    [[ $seen == *" $q "* ]] && continue
    read -r s < "/proc/$q/stat" 2>/dev/null || continue
    read -r -a s <<< "${s##*) }"
    [ "${s[2]}" = "$p" ] && [ "${s[0]}" != Z ] && liftoff_leader "$q" && left=$((left + 1))
  done
  return 0
}

# Whether a process (or thread) carries the run's folder in its environment: one pattern match rules out
# nearly every other process, the exact comparison settles the rest.
liftoff_carries() {
  local e
  local -a env
  mapfile -d '' -t env < "/proc/$1/environ" 2>/dev/null || return 1
  [[ ${env[*]} == *"LIFTOFF_RUN_DIR=$dir"* ]] || return 1
  for e in "${env[@]}"; do
    [ "$e" = "LIFTOFF_RUN_DIR=$dir" ] && return 0
  done
  return 1
}

# Whether a pid is a process's, not one of its threads' (/proc answers for a thread's id too, unlisted).
liftoff_leader() {
  local key value
  while read -r key value; do
    [ "$key" = Tgid: ] && { [ "$value" = "$1" ]; return; }
  done < "/proc/$1/status" 2>/dev/null
  return 1
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
  # Only the run folder is made again, inside a variation folder of an experiment that still exist.
  [ -e "$exp/@EXPERIMENT@" ] && [ -d "${dir%/*}" ] || return
  { [ -d "$dir" ] || mkdir "$dir"; } && cat /proc/"$w"/fd/"$2" > "$f"
}
