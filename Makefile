# Jishi (集市) — a freelance marketplace over ssh.  GNU make; libraries via pkg-config.
#   make            build everything           make check   every test (SQLite + PostgreSQL)
#   make run        build, migrate, seed, run  make bench   benchmarks (figures + ratios)
#   make install    PREFIX=/usr/local DESTDIR= make clean
.SUFFIXES:
.DELETE_ON_ERROR:
.SECONDARY:

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
LOCALEDIR ?= $(PREFIX)/share/locale
CC ?= cc
PKG_CONFIG ?= pkg-config
B := build

PKGS := libssh ncursesw sqlite3 libpq libsodium libcurl icu-uc icu-i18n libcrypto \
	libmicrohttpd jansson libqrencode
# Where the TUI looks for its message catalogs: $JISHI_LOCALEDIR, else the installed
# place, else the build tree (so `make run` works without installing).
LOCALE_DEFINE = -DJISHI_LOCALEDIR='"$(LOCALEDIR)"' -DJISHI_BUILD_LOCALEDIR='"$(abspath $(B)/locale)"'
# Evaluated lazily, so that `make deps` can run before the libraries are installed.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS))
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)
# POSIX threads: demo_gigs' filler thread (shared/demo_gigs_feed.c).
THREAD_FLAGS := -pthread

WARN := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wwrite-strings -Wno-missing-field-initializers -Wno-format-truncation -Werror
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(THREAD_FLAGS) $(WARN) $(CFLAGS) -Ishared -Itui -I$(B)/gen $(LOCALE_DEFINE) $(PKG_CFLAGS) -MMD -MP
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined

SHARED_SRC := $(wildcard shared/*.c)
SERVER_CTL_SRC := $(wildcard server/ctl/*.c)
JISHID_SRC := $(wildcard server/ssh/*.c)
# The job worker: run by jishid's worker child and by `jishictl worker`.
WORKER_SRC := $(wildcard server/worker/*.c)
TUI_SRC := $(wildcard tui/*.c)
PO_FILES := $(wildcard locale/*/LC_MESSAGES/jishi.po)
MO_FILES := $(patsubst %.po,$(B)/%.mo,$(PO_FILES))
MIGRATIONS := $(sort $(wildcard migrations/*.sql))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
# Linked into every unit test. fixture.c and order_fixture_unit.c need cmocka; stress and
# bench programs take only the cmocka-free part, STRESSLIB_SRC.
STRESSLIB_SRC := tests/lib/testdb.c tests/lib/order_fixture.c tests/lib/proc.c
TESTLIB_SRC := $(STRESSLIB_SRC) tests/lib/fixture.c tests/lib/order_fixture_unit.c
STRESS_SRC := $(wildcard tests/stress/*.c)
BENCH_SRC := $(wildcard bench/*.c)

GEN_MIG := $(B)/gen/migrations_gen.c
# The file names are a prerequisite too: a migration removed (or put back with its old
# time) changes no file's time, so the list is kept in a file rewritten when it changes.
MIG_LIST := $(B)/gen/migrations.list
$(shell mkdir -p $(B)/gen && (echo '$(MIGRATIONS)' | cmp -s - $(MIG_LIST) || \
	echo '$(MIGRATIONS)' > $(MIG_LIST)))
LIB := $(B)/libjishi.a
ASAN_LIB := $(B)/asan/libjishi.a
JISHICTL := $(B)/jishictl
JISHID := $(B)/jishid
TUI_LIB := $(B)/libjishi-tui.a
ASAN_TUI_LIB := $(B)/asan/libjishi-tui.a
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))
STRESS_BINS := $(patsubst tests/stress/%.c,$(B)/tests/%,$(STRESS_SRC))
BENCH_BINS := $(patsubst bench/%.c,$(B)/bench/%,$(BENCH_SRC))

LIB_OBJ := $(patsubst %.c,$(B)/obj/%.o,$(SHARED_SRC)) $(B)/obj/gen/migrations_gen.o
ASAN_OBJ := $(patsubst %.c,$(B)/asan/%.o,$(SHARED_SRC)) $(B)/asan/gen/migrations_gen.o
TUI_OBJ := $(patsubst %.c,$(B)/obj/%.o,$(TUI_SRC))
WORKER_OBJ := $(patsubst %.c,$(B)/obj/%.o,$(WORKER_SRC))
ASAN_TUI_OBJ := $(patsubst %.c,$(B)/asan/%.o,$(TUI_SRC))

# Quiet by default; `make V=1` shows whole commands.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-6s %s\n' $(1) $(2)
endif

$(B)/obj/tests/%.o $(B)/asan/tests/%.o $(B)/obj/bench/%.o: ALL_CFLAGS += -Itests/lib
$(B)/obj/server/%.o: ALL_CFLAGS += -Iserver/worker

.PHONY: all deps check bench run install clean unit-bins pot
all: $(JISHICTL) $(if $(JISHID_SRC),$(JISHID)) $(MO_FILES)

# Message catalogs: locale/LANG/LC_MESSAGES/jishi.po -> build/locale/LANG/LC_MESSAGES/jishi.mo
$(B)/locale/%.mo: locale/%.po
	@mkdir -p $(@D)
	$(call say,MSGFMT,$<)
	$(Q)msgfmt --check -o $@ $<

# The message template from the sources, and the catalogs brought up to date with it.
pot:
	xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 --add-comments=TRANSLATORS \
		--package-name=jishi --copyright-holder="Jishi developers" \
		-o locale/jishi.pot tui/*.c server/ctl/cmd_tui.c
	for po in $(PO_FILES); do msgmerge --quiet --update --backup=none $$po locale/jishi.pot; done

deps:
	@scripts/deps

$(GEN_MIG): $(MIGRATIONS) $(MIG_LIST) scripts/embed-migrations
	@mkdir -p $(@D)
	scripts/embed-migrations $@ $(MIGRATIONS)

$(B)/obj/gen/%.o: $(B)/gen/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@
$(B)/asan/gen/%.o: $(B)/gen/%.c
	@mkdir -p $(@D)
	$(call say,CC-SAN,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(ASAN_FLAGS) -c $< -o $@
$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@
$(B)/asan/%.o: %.c
	@mkdir -p $(@D)
	$(call say,CC-SAN,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(ASAN_FLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(call say,AR,$@)
	$(Q)ar rcs $@ $^
$(ASAN_LIB): $(ASAN_OBJ)
	@rm -f $@
	$(call say,AR,$@)
	$(Q)ar rcs $@ $^
$(TUI_LIB): $(TUI_OBJ)
	@rm -f $@
	$(call say,AR,$@)
	$(Q)ar rcs $@ $^
$(ASAN_TUI_LIB): $(ASAN_TUI_OBJ)
	@rm -f $@
	$(call say,AR,$@)
	$(Q)ar rcs $@ $^

$(JISHICTL): $(patsubst %.c,$(B)/obj/%.o,$(SERVER_CTL_SRC)) $(WORKER_OBJ) $(if $(TUI_SRC),$(TUI_LIB)) $(LIB)
	$(call say,LINK,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) $(THREAD_FLAGS)
$(JISHID): $(patsubst %.c,$(B)/obj/%.o,$(JISHID_SRC)) $(WORKER_OBJ) $(if $(TUI_SRC),$(TUI_LIB)) $(LIB)
	$(call say,LINK,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) $(THREAD_FLAGS)

# Unit tests: AddressSanitizer + UBSan, one program per module.
$(B)/tests/test_%: $(B)/asan/tests/unit/test_%.o $(patsubst %.c,$(B)/asan/%.o,$(TESTLIB_SRC)) \
		$(if $(TUI_SRC),$(ASAN_TUI_LIB)) $(ASAN_LIB)
	@mkdir -p $(@D)
	$(call say,LINK,$@)
	$(Q)$(CC) $(ASAN_FLAGS) -o $@ $^ $(PKG_LIBS) $(THREAD_FLAGS) $(CMOCKA_LIBS)
# Stress and crash tests: optimized build, so the load is real.
$(B)/tests/%: $(B)/obj/tests/stress/%.o $(patsubst %.c,$(B)/obj/%.o,$(STRESSLIB_SRC)) $(if $(TUI_SRC),$(TUI_LIB)) $(LIB)
	@mkdir -p $(@D)
	$(call say,LINK,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) $(THREAD_FLAGS)
$(B)/bench/%: $(B)/obj/bench/%.o $(patsubst %.c,$(B)/obj/%.o,$(STRESSLIB_SRC)) $(if $(TUI_SRC),$(TUI_LIB)) $(LIB)
	@mkdir -p $(@D)
	$(call say,LINK,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) $(THREAD_FLAGS)

unit-bins: $(UNIT_BINS) $(STRESS_BINS)

check: deps
	@$(MAKE) --no-print-directory all unit-bins
	@tests/run

bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_BINS)
	@bench/run

# Port and store for `make run`; e.g. make run PORT=2022 DB=postgres://...
PORT ?= 2222
DB ?= sqlite:var/jishi.db
run: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p var && chmod 700 var
	$(JISHICTL) --db $(DB) migrate
	$(JISHICTL) --db $(DB) seed-demo
	$(JISHICTL) --db $(DB) trending-refresh
	$(JISHICTL) --db $(DB) ledger-check
	@echo "jishi: connect with  ssh -p $(PORT) localhost   (Ctrl-C here stops the server)"
	JISHI_PAYMENTS_SANDBOX=$${JISHI_PAYMENTS_SANDBOX:-yes} $(JISHID) --foreground --listen 0.0.0.0:$(PORT) --data var --db $(DB)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man8
	install -m 0755 $(JISHICTL) $(DESTDIR)$(BINDIR)/jishictl
	$(if $(JISHID_SRC),install -d $(DESTDIR)$(SBINDIR) && install -m 0755 $(JISHID) $(DESTDIR)$(SBINDIR)/jishid)
	$(if $(JISHID_SRC),install -m 0644 man/jishid.8 $(DESTDIR)$(MANDIR)/man8/jishid.8)
	for mo in $(MO_FILES); do d=$(DESTDIR)$(LOCALEDIR)/$${mo#$(B)/locale/}; \
		install -d $$(dirname $$d) && install -m 0644 $$mo $$d; done
	install -m 0644 man/jishictl.1 $(DESTDIR)$(MANDIR)/man1/jishictl.1
	install -m 0644 man/jishi.conf.5 $(DESTDIR)$(MANDIR)/man5/jishi.conf.5

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
