#!/usr/bin/env bash
# sftp: uploads with the real OpenSSH scp (SFTP mode) and sftp into the account's own
# area: upload, list, download byte-for-byte; no way out of the area (.., absolute
# paths, folders, links); size, quota and type refusals that leave nothing behind; a
# client killed mid-upload and a session child killed mid-upload leave no row and no
# temp file; an unknown key (sign-up only) gets no access; legacy scp -O is refused;
# an idle SFTP session is closed.
. "$(dirname "$0")/lib.sh"
e2e_init
cat >"$E2E_DIR/jishi.conf" <<'EOF'
[session]
idle_timeout = 3

[uploads]
max_file = 64K
quota = 256K
EOF
start_server --config "$E2E_DIR/jishi.conf"
"$JISHICTL" --db "$E2E_DB" seed-demo >/dev/null || fail "seed-demo"
newkey alice
addkey alice zhangwei
newkey stranger
W=$E2E_DIR/work
mkdir -p "$W"
UP=$E2E_DIR/data/uploads

# scp / sftp options for key NAME.
copts() {
	echo "-P $E2E_PORT -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null" \
		"-o LogLevel=ERROR -o ConnectTimeout=10 -o BatchMode=yes -o IdentitiesOnly=yes" \
		"-o IdentityAgent=none -o PasswordAuthentication=no -i $E2E_DIR/$1"
}
A=$(copts alice)
HOST=zhangwei@127.0.0.1
# sftp_b KEY: run the sftp batch on stdin; output (stdout + stderr) on stdout.
sftp_b() { (cd "$W" && timeout 60 sftp $(copts "$1") -b - "${2:-$HOST}" 2>&1); }
# sql with a busy time-out (a session child may be writing at that moment).
q() {
	case "$E2E_DB" in
	sqlite:*) sqlite3 -cmd ".timeout 5000" "${E2E_DB#sqlite:}" "$1" ;;
	*) sql "$1" ;;
	esac
}
rows() { q "SELECT COUNT(*) FROM uploads WHERE $1"; }
tmp_files() { find "$UP/tmp" -type f 2>/dev/null | wc -l; }
stored_files() { find "$UP" -path "$UP/tmp" -prune -o -type f -print 2>/dev/null | wc -l; }
# mkpng FILE BYTES: a PNG signature and IHDR start, then a pattern, BYTES long in all.
mkpng() {
	python3 -c 'import sys
n = int(sys.argv[2]); head = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"
body = bytes((i * 7 + 3) % 256 for i in range(n - len(head)))
open(sys.argv[1], "wb").write(head + body)' "$1" "$2"
}

# 1. scp (SFTP mode, the default) puts a PNG in the area; sftp lists it; both clients
#    download it byte-for-byte.
mkpng "$W/logo.png" 30000
out=$(timeout 60 scp $A -p "$W/logo.png" "$HOST:" 2>&1) || fail "scp upload: $out"
[ "$(q "SELECT original_name || '|' || mime_type || '|' || size_bytes FROM uploads
	WHERE status = 'active'")" = "logo.png|image/png|30000" ] || fail "upload row: $(q \
	'SELECT * FROM uploads')"
sha=$(sha256sum "$W/logo.png" | cut -d' ' -f1)
[ "$(q "SELECT sha256 FROM uploads")" = "$sha" ] || fail "sha256 differs"
stored=$(q "SELECT stored_name FROM uploads")
[[ $stored =~ ^[0-9a-f]{2}/[0-9a-f]{32}$ ]] && [ "${stored:0:2}" = "${stored:3:2}" ] ||
	fail "stored name $stored"
[ "$(stat -c %a "$UP/$stored")" = 600 ] || fail "stored file is not 0600"
out=$(printf 'ls -l\n' | sftp_b alice) || fail "sftp ls: $out"
echo "$out" | grep -qE '^-rw------- .* 30000 .* logo\.png$' || fail "ls -l: $out"
out=$(timeout 60 scp $A "$HOST:logo.png" "$W/back1.png" 2>&1) || fail "scp get: $out"
cmp -s "$W/logo.png" "$W/back1.png" || fail "scp download differs"
out=$(printf 'get logo.png back2.png\n' | sftp_b alice) || fail "sftp get: $out"
cmp -s "$W/logo.png" "$W/back2.png" || fail "sftp download differs"

# 2. A second upload of the same name is kept under "logo (2).png"; Chinese names work.
out=$(timeout 60 scp $A "$W/logo.png" "$HOST:" 2>&1) || fail "scp again: $out"
echo "$out" | grep -q 'stored as "logo (2).png"' || fail "no note of the new name: $out"
cp "$W/logo.png" "$W/设计稿.png"
out=$(printf 'put 设计稿.png\nls\n' | sftp_b alice) || fail "put chinese: $out"
echo "$out" | grep -q "设计稿.png" || fail "chinese name not listed: $out"
[ "$(rows "status = 'active'")" = 3 ] || fail "expected 3 uploads"

# 3. No way out: .. stays in the area, absolute paths and folders are refused, cd ..
#    shows only the area, links and folders are refused, nothing lands outside.
printf 'plain text\n' >"$W/note.txt"
out=$(sftp_b alice <<'EOF'
-put note.txt ../escape.txt
-put note.txt /etc/passwd
-put note.txt /tmp/jishi-escape.txt
-put note.txt sub/dir.txt
cd ..
cd ..
pwd
ls -1
-symlink logo.png link.png
-ln logo.png hard.png
-mkdir folder
-rmdir folder
-get /etc/passwd
-get ../../../../etc/passwd
-rm ../../../etc/passwd
-rename logo.png ../../moved.png
EOF
)
echo "$out" | grep -q "Remote working directory: /$" || fail "pwd after cd ..: $out"
[ ! -e /tmp/jishi-escape.txt ] || fail "a file escaped to /tmp"
[ -z "$(find "$E2E_DIR" -name 'escape.txt' -o -name 'link.png' -o -name 'folder')" ] ||
	fail "something escaped: $(find "$E2E_DIR" -name 'escape*')"
echo "$out" | grep -q 'dest open "/etc/passwd": Permission denied' ||
	fail "/etc/passwd not refused: $out"
echo "$out" | grep -q "has no folders" || fail "no folder message: $out"
echo "$out" | grep -q "Links are not allowed" || fail "symlink not refused: $out"
echo "$out" | grep -qi 'mkdir.*Permission denied' || fail "mkdir not refused: $out"
echo "$out" | grep -q 'not found' || fail "get /etc/passwd: $out"
listing=$(printf 'ls -1\n' | sftp_b alice | grep -v '^sftp>' | sort | tr '\n' ',')
[ "$listing" = "escape.txt,logo (2).png,moved.png,设计稿.png," ] ||
	fail "area after escape attempts: $listing"
[ "$(rows "original_name = 'passwd'")" = 0 ] || fail "a passwd upload exists"

# 4. Over max_file (64 KiB): refused with a clear message; no row, no file, no temp.
mkpng "$W/big.png" 70000
before=$(rows "1 = 1")
out=$(timeout 60 scp $A "$W/big.png" "$HOST:" 2>&1) && fail "a file over max_file was accepted"
echo "$out" | grep -q "too large: a file may be at most 64 KiB" || fail "big file: $out"
# Exactly max_file is accepted.
mkpng "$W/edge.png" 65536
out=$(timeout 60 scp $A "$W/edge.png" "$HOST:" 2>&1) || fail "file of exactly max_file: $out"
[ "$(rows "1 = 1")" = $((before + 1)) ] || fail "rows after big + edge"
[ "$(rows "original_name = 'big.png'")" = 0 ] || fail "big.png has a row"

# 5. A huge file (8 MiB) is cut off at the limit: refused fast, nothing kept on disk.
mkpng "$W/huge.png" $((8 * 1024 * 1024))
t0=$SECONDS
out=$(timeout 60 scp $A "$W/huge.png" "$HOST:" 2>&1) && fail "huge file accepted"
echo "$out" | grep -q "too large" || fail "huge file: $out"
[ $((SECONDS - t0)) -lt 30 ] || fail "huge file took $((SECONDS - t0))s to refuse"
[ "$(rows "original_name = 'huge.png'")" = 0 ] || fail "huge.png has a row"
sleep 0.5
[ "$(tmp_files)" = 0 ] || fail "temp files left: $(ls "$UP/tmp")"

# 6. Unknown types are refused (an ELF binary, invalid UTF-8 text); a 0-byte file is
#    refused as empty (decision: an empty upload is useless to a marketplace).
head -c 2000 "$(command -v ls)" >"$W/prog"
printf 'caf\xe9 au lait\n' >"$W/latin1.txt"
: >"$W/empty.txt"
out=$(printf -- '-put prog\n-put latin1.txt\n-put empty.txt\n' | sftp_b alice)
echo "$out" | grep -q "prog: this type of file is not accepted" || fail "ELF: $out"
echo "$out" | grep -q "latin1.txt: this type of file is not accepted" || fail "latin-1: $out"
echo "$out" | grep -q "empty.txt: the file is empty" || fail "empty: $out"
[ "$(rows "original_name IN ('prog', 'latin1.txt', 'empty.txt')")" = 0 ] ||
	fail "refused types have rows"
[ "$(tmp_files)" = 0 ] || fail "temp files left after refusals"

# 7. Quota (256 KiB): fill up to it, then one more is refused; deleting frees room.
used=$(q "SELECT SUM(size_bytes) FROM uploads WHERE status = 'active'")
left=$((256 * 1024 - used))
mkpng "$W/fill.png" $((left > 65536 ? 65536 : left))
while [ $left -gt 65536 ]; do
	out=$(timeout 60 scp $A "$W/fill.png" "$HOST:" 2>&1) || fail "filling: $out"
	left=$((left - 65536))
done
mkpng "$W/last.png" "$left"
out=$(timeout 60 scp $A "$W/last.png" "$HOST:" 2>&1) || fail "up to the quota exactly: $out"
[ "$(q "SELECT SUM(size_bytes) FROM uploads WHERE status = 'active'")" = 262144 ] ||
	fail "quota not filled exactly"
out=$(timeout 60 scp $A "$W/note.txt" "$HOST:" 2>&1) && fail "upload over quota accepted"
echo "$out" | grep -q "upload area is full" || fail "quota message: $out"
out=$(printf 'rm last.png\nput note.txt\n' | sftp_b alice) || fail "rm then put: $out"
[ "$(rows "original_name = 'last.png' AND status = 'deleted'")" = 1 ] || fail "rm"
[ "$(rows "original_name = 'note.txt' AND status = 'active'")" = 1 ] || fail "put after rm"
[ "$(stored_files)" = "$(rows "status = 'active'")" ] || fail "files and rows differ"

# slow_put: upload slow.png at 32 Kbit/s (sftp -l) in the background, in a subshell
# so that killing the client does not make bash report a killed job.
slow_put() {
	(timeout 60 sftp $A -l 32 -b "$W/slow.batch" "$HOST" >/dev/null 2>&1 &
		echo $! >"$W/slow.pid"; wait) 2>/dev/null
}
# kill_tree PID: SIGKILL a process and its descendants, by pid.
kill_tree() {
	local c
	for c in $(pgrep -P "$1"); do kill_tree "$c"; done
	kill -KILL "$1" 2>/dev/null
}

# 8. A client killed mid-upload leaves no row and no temp file. sftp -l slows the
#    upload to 32 Kbit/s, so it is still running when killed.
out=$(printf 'rm fill*\nrm edge.png\n' | sftp_b alice)
mkpng "$W/slow.png" 60000
printf 'put %s\n' "$W/slow.png" >"$W/slow.batch"
slow_put &
bg=$!
for _ in $(seq 50); do [ "$(tmp_files)" = 1 ] && break; sleep 0.1; done
[ "$(tmp_files)" = 1 ] || fail "the slow upload never started"
sleep 1
# timeout -> sftp -> ssh: kill the client processes, the connection drops mid-upload.
kill_tree "$(cat "$W/slow.pid")"
wait $bg
for _ in $(seq 50); do [ "$(tmp_files)" = 0 ] && break; sleep 0.1; done
[ "$(tmp_files)" = 0 ] || fail "temp file left after the client was killed"
[ "$(rows "original_name = 'slow.png'")" = 0 ] || fail "row after a killed upload"

# 9. A session child killed (SIGKILL) mid-upload: the master removes its temp file.
slow_put &
bg=$!
for _ in $(seq 50); do [ "$(tmp_files)" = 1 ] && break; sleep 0.1; done
[ "$(tmp_files)" = 1 ] || fail "the second slow upload never started"
child=$(ls "$UP/tmp" | cut -d. -f1)
kill -KILL "$child" || fail "no session child $child"
for _ in $(seq 50); do [ "$(tmp_files)" = 0 ] && break; sleep 0.1; done
[ "$(tmp_files)" = 0 ] || fail "temp file of a killed session child left"
# The rate-limited client may sleep a while before it notices: end it.
kill_tree "$(cat "$W/slow.pid")"
wait $bg
[ "$(rows "original_name = 'slow.png'")" = 0 ] || fail "row after a killed child"

# 10. A key without an account (sign-up only) gets permission denied, nothing else.
out=$(printf 'ls\n' | sftp_b stranger newcomer@127.0.0.1) && fail "sign-up key got in"
echo "$out" | grep -q "Permission denied: this key has no Jishi account" ||
	fail "sign-up key: $out"
out=$(timeout 60 scp $(copts stranger) "$W/note.txt" newcomer@127.0.0.1: 2>&1) &&
	fail "sign-up key could scp"
echo "$out" | grep -q "Sign up first" || fail "sign-up key scp: $out"

# 11. Legacy scp (-O, the rcp protocol) is refused with a clear message.
out=$(timeout 60 scp -O $A "$W/note.txt" "$HOST:" 2>&1) && fail "scp -O accepted"
echo "$out" | grep -q "legacy scp (scp -O) is not supported" || fail "scp -O: $out"

# 12. An SFTP session without requests for idle_timeout (3 s here) is closed.
out=$( (sleep 8) | timeout 30 sftp $A -b - "$HOST" 2>&1)
grep -q "reason=idle" "$E2E_DIR/jishid.log" || fail "idle session not closed: $out"
echo "$out" | grep -q "closing after 3 seconds without a request" || fail "idle: $out"

# Nothing left over: no temp files, one file per active row, no session children.
sleep 0.5
[ "$(tmp_files)" = 0 ] || fail "temp files at the end"
[ "$(stored_files)" = "$(rows "status = 'active'")" ] || fail "files and rows differ at end"
[ "$(session_children)" -eq 0 ] || fail "orphan session children"
echo "sftp: ok"
