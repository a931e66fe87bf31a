#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL server: a cluster in a temporary folder, on a loopback
# port, with a database for the tests; SHEET_EXTRACT_TEST_PG holds its URL. Stops and removes it after.
#   scripts/with-postgres.sh npm test
# Needs Debian's postgresql package (.ci/run installs it). As root, the server runs as "postgres".
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ]; then
  echo "with-postgres: PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 1
fi
port=${PGPORT_TEST:-54329}
dir=$(mktemp -d /tmp/sheet-extract-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
# Password logins over TCP (the tests check a wrong password is refused), trust on the socket.
echo "sheet" >"$dir/pw"
[ "$(id -u)" = 0 ] && chown postgres "$dir/pw"
"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pw" --auth-local=trust --auth-host=scram-sha-256 \
  --encoding=UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off" start >/dev/null
"${as_pg[@]}" "$bin/createdb" -h "$dir" -p "$port" -U postgres sheet_extract_test
export SHEET_EXTRACT_TEST_PG="postgres://postgres:sheet@127.0.0.1:$port/sheet_extract_test"
"$@"
