# Shared by .ci/slurm/start, smoke and stop (sourced, not run).
# One local Slurm 22.05 cluster for CI: every daemon, log, pid file and database lives under $S;
# only the four config files live in /etc/slurm, where sbatch/squeue/sacct look by default.

S=${LIFTOFF_SLURM_STATE:-/var/lib/liftoff-slurm}
ETC=/etc/slurm
CLUSTER=liftoff
MUNGE_SOCKET=$S/munge-run/munge.socket
MYSQL_SOCKET=$S/run/mysqld.sock
MARK='# written by liftoff .ci/slurm/start'

# name, binary and pid file of each daemon we start, in start order
DAEMONS=(munged mariadbd slurmdbd slurmctld slurmd)
declare -A BIN=(
  [munged]=/usr/sbin/munged [mariadbd]=/usr/sbin/mariadbd [slurmdbd]=/usr/sbin/slurmdbd
  [slurmctld]=/usr/sbin/slurmctld [slurmd]=/usr/sbin/slurmd)
declare -A PIDFILE=(
  [munged]=$S/munge-run/munged.pid [mariadbd]=$S/run/mysqld.pid [slurmdbd]=$S/run/slurmdbd.pid
  [slurmctld]=$S/run/slurmctld.pid [slurmd]=$S/run/slurmd.pid)

# With --nodes 2: the second node's name, and the pid (outside) of the unshare that holds its namespaces.
SECOND_NODE=$S/run/second-node
SECOND_NODE_PID=$S/run/second-node.pid
# Two nodes write a pid file each (%n); the first node's is then named after the host.
[ -s "$SECOND_NODE" ] && PIDFILE[slurmd]=$S/run/slurmd-$(hostname -s).pid

die() { echo "slurm: $*" >&2; exit 1; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# pid of daemon $1 when it runs and was started by us (pid file in $S, same executable), else fails
ours() {
  local f=${PIDFILE[$1]} pid exe
  [ -r "$f" ] || return 1
  pid=$(tr -dc 0-9 <"$f")
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  # /usr/sbin/slurmctld is an alternatives link to slurmctld-wlm
  [ "${exe% (deleted)}" = "$(readlink -f "${BIN[$1]}")" ] || return 1
  echo "$pid"
}

# process $1 exists and is not a zombie
alive() {
  local st
  st=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  st=${st##*) }
  [ "${st:0:1}" != Z ]
}

# wait up to $1 seconds of wall time for command "$@" to succeed (a program's try limited to 5 s)
wait_for() {
  local end=$((SECONDS + $1)) t=(timeout 5); shift
  declare -F "$1" >/dev/null && t=()
  until "${t[@]}" "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$end" ] || return 1
    sleep 0.1
  done
}

# like wait_for, but fails at once when daemon $2 (started by us) has died: its pid file names a
# process that is gone, or no pid file appeared within 5 s
wait_up() {
  local end=$((SECONDS + $1)) begin=$SECONDS d=$2 t=(timeout 5); shift 2
  declare -F "$1" >/dev/null && t=()
  while :; do
    if ! ours "$d" >/dev/null && { [ -e "${PIDFILE[$d]}" ] || [ $((SECONDS - begin)) -ge 5 ]; }; then
      sleep 0.3; ours "$d" >/dev/null || return 1
    fi
    "${t[@]}" "$@" >/dev/null 2>&1 && return 0
    [ "$SECONDS" -lt "$end" ] || return 1
    sleep 0.1
  done
}

# serialise start/stop of this one machine-wide cluster
take_lock() {
  mkdir -p "$S"
  exec 9>"$S/lock"
  flock -w 180 9 || die "another .ci/slurm/start or stop holds $S/lock"
}

# stop daemon $1 if it is ours: TERM, then KILL after $2 seconds
stop_daemon() {
  local pid i
  pid=$(ours "$1") || { rm -f "${PIDFILE[$1]}"; return 0; }
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < ${2:-20} * 10; i++)); do
    alive "$pid" || break
    sleep 0.1
  done
  if alive "$pid"; then
    echo "slurm: $1 ($pid) ignored TERM, killing it" >&2
    kill -KILL "$pid" 2>/dev/null; sleep 0.2
  fi
  rm -f "${PIDFILE[$1]}"
  STOPPED+=("$1")
}

# the second node (--nodes 2): TERM to its namespace's init (unshare's child: unshare itself blocks
# TERM), which stops slurmd; unshare exits with it, and the namespace's processes end with it
stop_second_node() {
  local pid i init
  [ -e "$SECOND_NODE_PID" ] || { rm -f "$SECOND_NODE"; return 0; }
  pid=$(tr -dc 0-9 <"$SECOND_NODE_PID")
  if [ -n "$pid" ] && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$(readlink -f /usr/bin/unshare)" ]; then
    init=$(cat "/proc/$pid/task/$pid/children" 2>/dev/null)
    kill -TERM ${init:-$pid} 2>/dev/null
    for ((i = 0; i < 200; i++)); do alive "$pid" || break; sleep 0.1; done
    alive "$pid" && kill -KILL "$pid" 2>/dev/null
    STOPPED+=("slurmd($(cat "$SECOND_NODE" 2>/dev/null))")
  fi
  rm -f "$SECOND_NODE_PID" "$SECOND_NODE"
}

# job steps left by our slurmd: slurmstepd processes whose spool dir is ours
our_stepds() {
  local p exe stepd
  stepd=$(readlink -f /usr/sbin/slurmstepd)
  for p in /proc/[0-9]*; do
    exe=$(readlink "$p/exe" 2>/dev/null) || continue
    [ "${exe% (deleted)}" = "$stepd" ] || continue
    case $(readlink "$p/cwd" 2>/dev/null) in "$S"/*) echo "${p#/proc/}" ;; esac
  done
}

# every descendant of the processes $@
descendants() {
  ps -e -o pid=,ppid= | awk -v roots="$*" '
    BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) want[r[i]] = 1 }
    { parent[$1] = $2 }
    END { do { more = 0; for (p in parent) if (!(p in want) && (parent[p] in want)) { want[p] = 2; more = 1 } } while (more)
          for (p in want) if (want[p] == 2) print p }'
}

# cancel every job (so no job process outlives the cluster), then stop our daemons in reverse order
stop_all() {
  STOPPED=()
  local ids t
  if ours slurmctld >/dev/null && ours slurmd >/dev/null; then
    ids=$(timeout 10 squeue -h -o %F 2>/dev/null | sort -u | tr '\n' ' ')
    if [ -n "${ids// /}" ]; then
      timeout 10 scancel $ids 2>/dev/null
      t=150   # 15 s: KillWait=5 plus reporting
      while [ -n "$(timeout 5 squeue -h -t R,CG,S -o %i 2>/dev/null)" ] && [ $((t--)) -gt 0 ]; do sleep 0.1; done
    fi
  fi
  stop_second_node
  stop_daemon slurmd 20
  PIDFILE[slurmd]=$S/run/slurmd.pid
  stop_daemon slurmctld 20
  local left
  left=$(our_stepds)
  if [ -n "$left" ]; then
    left="$left $(descendants $left)"
    kill -KILL $left 2>/dev/null
    echo "slurm: killed leftover job processes:" $left >&2
  fi
  # memory cgroups left by task/cgroup (empty once their processes are gone)
  [ -d "/sys/fs/cgroup/memory/slurm_$(hostname -s)" ] && find "/sys/fs/cgroup/memory/slurm_$(hostname -s)" -depth -type d -exec rmdir {} + 2>/dev/null
  stop_daemon slurmdbd 20
  stop_daemon mariadbd 30
  stop_daemon munged 10
}
