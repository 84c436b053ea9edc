#!/usr/bin/env bash
# Point-in-time recovery drill for PostgreSQL (docs/backup.md): base backup + WAL archive, then recovery to a time.
#
# Runs a throw-away PostgreSQL cluster (the server's own binaries, port ${PITR_PORT:-5499}, a temporary directory,
# as the postgres user), with exactly the postgresql.conf lines docs/backup.md gives; takes a base backup with
# pg_basebackup; commits rows before and after a noted moment; recovers the base backup with the documented
# restore_command and recovery_target_time; and checks that the recovered cluster holds the rows before the moment
# and none after. Prints "PITR drill: OK" or exits non-zero. Touches no other cluster.
set -euo pipefail

BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
PORT=${PITR_PORT:-5499}
RUN_AS=${PITR_USER:-postgres}
WORK=$(mktemp -d /tmp/digigov-pitr-XXXXXX)
chown "$RUN_AS" "$WORK"
as_pg() { if [ "$(id -un)" = "$RUN_AS" ]; then "$@"; else runuser -u "$RUN_AS" -- "$@"; fi; }
psql_at() { as_pg "$BIN/psql" -X -q -A -t -h "$WORK" -p "$PORT" -d postgres -v ON_ERROR_STOP=1 "$@"; }
cleanup() {
  as_pg "$BIN/pg_ctl" -D "$WORK/restored" -m immediate stop >/dev/null 2>&1 || true
  as_pg "$BIN/pg_ctl" -D "$WORK/primary" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

as_pg mkdir -p "$WORK/wal-archive" "$WORK/base"
as_pg "$BIN/initdb" -D "$WORK/primary" -A trust -U "$RUN_AS" >/dev/null

# --- the lines docs/backup.md gives for postgresql.conf (archive directory adapted to this drill) ---
cat >>"$WORK/primary/postgresql.conf" <<EOF
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $WORK/wal-archive/%f && cp %p $WORK/wal-archive/%f'
archive_timeout = 60
# drill only: a private socket and port
listen_addresses = ''
unix_socket_directories = '$WORK'
port = $PORT
EOF
as_pg "$BIN/pg_ctl" -D "$WORK/primary" -l "$WORK/primary.log" -w start >/dev/null

psql_at -c "CREATE TABLE drill (n int PRIMARY KEY, at timestamptz DEFAULT now())"
psql_at -c "INSERT INTO drill (n) SELECT generate_series(1, 100)"
as_pg "$BIN/pg_basebackup" -h "$WORK" -p "$PORT" -D "$WORK/base" -Ft -z -Xs -c fast >/dev/null
psql_at -c "INSERT INTO drill (n) SELECT generate_series(101, 200)"   # after the base backup, before the moment
sleep 1
TARGET=$(psql_at -c "SELECT now()")
sleep 1
psql_at -c "INSERT INTO drill (n) SELECT generate_series(201, 300)"   # after the moment: must not come back
psql_at -c "SELECT pg_switch_wal()" >/dev/null                        # close the segment so it is archived
for _ in $(seq 1 60); do
  [ "$(psql_at -c "SELECT last_failed_wal IS NULL AND archived_count > 0 FROM pg_stat_archiver")" = t ] && break
  sleep 0.5
done
as_pg "$BIN/pg_ctl" -D "$WORK/primary" -m fast -w stop >/dev/null   # the primary is "lost"

# --- recovery, as docs/backup.md describes it ---
as_pg mkdir -m 700 "$WORK/restored"
as_pg tar -xzf "$WORK/base/base.tar.gz" -C "$WORK/restored"
as_pg tar -xzf "$WORK/base/pg_wal.tar.gz" -C "$WORK/restored/pg_wal"
cat >>"$WORK/restored/postgresql.conf" <<EOF
restore_command = 'cp $WORK/wal-archive/%f %p'
recovery_target_time = '$TARGET'
recovery_target_action = 'promote'
archive_mode = off
EOF
as_pg touch "$WORK/restored/recovery.signal"
as_pg "$BIN/pg_ctl" -D "$WORK/restored" -l "$WORK/restored.log" -w -t 120 start >/dev/null
for _ in $(seq 1 120); do
  [ "$(psql_at -c "SELECT pg_is_in_recovery()")" = f ] && break
  sleep 0.5
done
ROWS=$(psql_at -c "SELECT count(*) || ' ' || max(n) FROM drill")
grep -h "recovery stopping\|consistent recovery state\|archive recovery complete" "$WORK/restored.log" || true
if [ "$ROWS" = "200 200" ]; then
  echo "PITR drill: OK (recovered to $TARGET: rows 1-200 back, 201-300 after the moment not)"
else
  echo "PITR drill: FAILED (count and max after recovery: $ROWS, expected 200 200)" >&2
  exit 1
fi
