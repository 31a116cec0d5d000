#!/usr/bin/env bash
# gig_flow: the seller's and the buyer's way end to end over ssh: upload a picture with
# the real scp, build a gig around it in the seven-step form, publish it; another
# account finds it by pinyin and opens its page.
. "$(dirname "$0")/lib.sh"
e2e_init
"$JISHICTL" --db "$E2E_DB" migrate >/dev/null && "$JISHICTL" --db "$E2E_DB" seed-demo >/dev/null ||
	fail "seed"
start_server
newkey kl; addkey kl lihua
newkey kz; addkey kz zhangwei

# A real 2x2 PNG.
python3 - "$E2E_DIR/头像样稿.png" <<'PY' || fail "png"
import struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
scp -q -P "$E2E_PORT" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
	-o LogLevel=ERROR -o IdentitiesOnly=yes -o IdentityAgent=none -i "$E2E_DIR/kl" \
	"$E2E_DIR/头像样稿.png" lihua@127.0.0.1: || fail "scp upload"
[ "$(sql "SELECT mime_type FROM uploads u JOIN users s ON s.id = u.user_id
          WHERE s.handle = 'lihua' AND u.original_name = '头像样稿.png'")" = image/png ] ||
	fail "upload not recorded as image/png"

# The seller builds the gig (80x24).
t_start s 80 24 "$(sshcmd kl lihua)"
t_wait s "你好，李华" 10
t_keys s m;  t_wait s "我的服务"
t_keys s n;  t_wait s "1 概览"
t_type s "手绘插画头像定制服务"
t_keys s Tab; t_type s "插画，头像，手绘"
t_keys s Tab; sleep 0.2
t_keys s Enter j j Enter
t_wait s "设计 > 插画绘制"
t_keys s C-n; t_wait s "2 套餐"
t_type s "基础头像"
t_keys s Tab; t_type s "一人半身像，简单背景"
t_keys s Tab; t_type s "199"
t_keys s Tab; t_type s "3"
t_keys s Tab; t_type s "2"
t_keys s Tab; t_type s "源文件，商用授权"
t_keys s C-n; t_wait s "3 附加服务"
t_keys s C-n; t_wait s "4 描述问答"
t_type s "从草图到上色，全程沟通。适合头像、插画和社交媒体配图。"
t_keys s C-n C-n; t_wait s "6 图片"
t_keys s a;  t_wait s "头像样稿.png"
t_keys s " " Enter
t_wait s "\[封面\] 头像样稿.png"
t_keys s C-n; t_wait s "7 发布"
t_wait s "可以发布"
t_keys s Enter
t_wait s "已发布" 10
[ "$(sql "SELECT status FROM gigs WHERE title = '手绘插画头像定制服务'")" = active ] ||
	fail "gig not active"
[ "$(sql "SELECT u.original_name FROM gig_media m JOIN gigs g ON g.id = m.gig_id
          JOIN uploads u ON u.id = m.upload_id
          WHERE g.title = '手绘插画头像定制服务' AND m.is_cover = 1")" = "头像样稿.png" ] ||
	fail "the uploaded picture is not the cover"

# Another account finds it by pinyin and opens it.
t_start b 100 30 "$(sshcmd kz)"
t_wait b "你好，张伟" 10
t_keys b /
t_type b "shouhui"
t_keys b Enter
t_wait b "手绘插画头像定制服务" 10
t_keys b Enter
t_wait b "基础头像" 10
t_wait b "¥199"
echo "gig_flow: ok"
