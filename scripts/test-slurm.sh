#!/usr/bin/env bash
# End-to-end test of `lessons check --slurm` on a real single-node Slurm cluster that this script
# starts itself (Debian's slurm-wlm and munge: munged, slurmctld and slurmd on this machine), then
# stops again by their PIDs. It grades the fixture hand-in folder once with --jobs 1 and once with
# --slurm in 3 shards, and checks that the merged gradebook equals the local one.
# Needs root (to install the packages and run the daemons); skips with a message otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
lessons="$root/.build/debug/lessons"
passed=0 failed=0
ok()   { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAILED: $*"; failed=$((failed + 1)); }

if [ "$(id -u)" -ne 0 ]; then
  echo "test-slurm: skipped: starting slurmctld, slurmd and munged needs root (CI runs as root)"
  exit 0
fi
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  echo "test-slurm: installing slurm-wlm and munge"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi
[ -x "$lessons" ] || { echo "test-slurm: $lessons is missing: run swift build first" >&2; exit 1; }

work=$(mktemp -d /tmp/lessons-slurm-XXXXXX)
chmod 755 "$work"
pids=()
stop() {
  for pidfile in "$work"/slurmd.pid "$work"/slurmctld.pid "$work"/munge/munged.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 1
  for pidfile in "$work"/slurmd.pid "$work"/slurmctld.pid "$work"/munge/munged.pid; do
    [ -f "$pidfile" ] && kill -9 "$(cat "$pidfile")" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap stop EXIT

# The cluster: one node with this machine's cores, one partition, ports of its own.
mkdir -p "$work"/{state,spool,log,munge}
chown munge:munge "$work/munge"
port=$((20000 + RANDOM % 9000))
host=$(hostname)
cat > "$work/slurm.conf" <<CONF
ClusterName=lessons-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
MinJobAge=600
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
[ -f /etc/munge/munge.key ] || { dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=128 2>/dev/null; chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
runuser -u munge -- /usr/sbin/munged --socket="$work/munge/munge.socket" --pid-file="$work/munge/munged.pid" \
  --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed"
/usr/sbin/slurmctld -i
/usr/sbin/slurmd
for _ in $(seq 60); do
  [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && break
  sleep 1
done
if [ "$(sinfo -h -o %T 2>/dev/null)" = idle ]; then ok "single-node cluster up: $(sinfo -h -o '%P %D %c %T')"; else fail "the node did not become idle: $(sinfo 2>&1)"; tail -5 "$work"/log/*.log; exit 1; fi

# The project: the fixture master and its hand-in folder.
mkdir -p "$work/project/lessons"
cp Tests/NotebookTests/Fixtures/10-exercises.md "$work/project/lessons/"
cp -r Tests/NotebookTests/Fixtures/Submissions "$work/project/hand-in"
chmod -R a+rX "$work/project"
cd "$work/project"

start=$(date +%s.%N)
"$lessons" check 10 --submissions hand-in --timeout 5 --jobs 1 --output out-local > local.log 2>&1 || { fail "local grading"; cat local.log; }
local_seconds=$(echo "$(date +%s.%N) - $start" | bc)
"$lessons" grades 10 --output out-local --csv local.csv

echo "--- the sbatch script (--dry-run)"
"$lessons" check 10 --submissions hand-in --timeout 5 --slurm --shards 3 --cpus-per-task 1 --output out-slurm --dry-run
start=$(date +%s.%N)
if "$lessons" check 10 --submissions hand-in --timeout 5 --slurm --shards 3 --cpus-per-task 1 --output out-slurm > slurm.log 2>&1; then
  ok "lessons check --slurm --shards 3 finished"
else
  fail "lessons check --slurm"
fi
slurm_seconds=$(echo "$(date +%s.%N) - $start" | bc)
cat slurm.log
job=$(sed -n 's/^submitted job \([0-9]*\).*/\1/p' slurm.log)
echo "--- scontrol show job $job (one line per array task)"
scontrol show job "$job" --oneliner 2>/dev/null | grep -o 'ArrayTaskId=[^ ]*\|JobState=[^ ]*\|Reason=[^ ]*\|ExitCode=[^ ]*\|RunTime=[^ ]*' | paste - - - - - || true
"$lessons" grades 10 --output out-slurm --csv slurm.csv
echo "--- the merged table"
"$lessons" grades 10 --output out-slurm

# The tables must agree but for when each copy was graded.
if diff <(cut -d, -f1,3- local.csv) <(cut -d, -f1,3- slurm.csv) >/dev/null; then
  ok "the merged table equals the --jobs 1 table ($(($(wc -l < slurm.csv) - 1)) students)"
else
  fail "the merged table differs from --jobs 1"; diff local.csv slurm.csv || true
fi
parts=$(ls -d out-slurm/grades/slurm/*/part-* | wc -l)
[ "$parts" -eq 3 ] && ok "3 partial gradebooks, one per shard" || fail "$parts partial gradebooks"
# Merging the same parts again changes nothing.
again=$("$lessons" grades merge out-slurm/grades/slurm/*/part-* --output out-slurm | tail -1)
case "$again" in *"0 gradings added"*) ok "merging again adds nothing: $again" ;; *) fail "merging again: $again" ;; esac
# A failed shard is named with its students and Slurm's reason.
printf 'not a lesson' > "$work/project/lessons/10-exercises.md.broken"
if "$lessons" check 10 --submissions hand-in --timeout 5 --slurm --shards 2 --cpus-per-task 1 --output out-broken --memory 0.0001 > broken.log 2>&1; then
  fail "a shard whose copies cannot even start should fail"; cat broken.log
else
  grep -q "shard 1/2 (alice, carol, erin, gina)" broken.log && ok "a failed shard is named with its students: $(grep -m1 'shard 1/2' broken.log)" \
    || { fail "failed shard not named"; cat broken.log; }
fi
printf 'timing (%s, %s cores): --jobs 1 %.1f s, --slurm 3 shards %.1f s\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" "$(nproc)" "$local_seconds" "$slurm_seconds"

echo "test-slurm: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
