# thread - turn 1:1 meetings into follow-through.
#
#   make demo      install missing build dependencies, build, lint the examples
#   make check     the same set-up, then every test, plain and under
#                  AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench     lint a generated 20 MB repository against bare cmark
#
# Honours CC, CFLAGS, CPPFLAGS, LDFLAGS, PREFIX and DESTDIR.  The developer
# build adds -Werror; `make WERROR=` drops it.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
CC      ?= cc
CFLAGS  ?= -O2 -g
WERROR  ?= -Werror
PKG_CONFIG ?= pkg-config
PKGS     = libcmark libgit2 libpcre2-8 yaml-0.1
VERSION  = 0.1.0

BENCH_PEOPLE   ?= 200
BENCH_SESSIONS ?= 150

# pkg-config runs only when something is compiled (after setup).
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS))

WARN      = -std=c11 -Wall -Wextra $(WERROR) -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wno-missing-field-initializers
ALL_CPPFLAGS = -D_GNU_SOURCE -DTHREAD_VERSION='"$(VERSION)"' -Isrc $(CPPFLAGS)
ALL_CFLAGS   = $(WARN) $(PKG_CFLAGS) $(CFLAGS)
SAN_FLAGS    = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
               -fno-omit-frame-pointer

MAIN_SRC = src/thread.c src/completion.c
LIB_SRC  = $(filter-out $(MAIN_SRC),$(wildcard src/*.c)) $(wildcard src/cmd/*.c)
HEADERS  = $(wildcard src/*.h)
UNIT_SRC = $(wildcard tests/unit/test-*.c)

LIB_OBJ      = $(LIB_SRC:%.c=build/%.o)
SAN_LIB_OBJ  = $(LIB_SRC:%.c=build/asan/%.o)
UNIT_BIN     = $(UNIT_SRC:tests/unit/%.c=build/tests/%)
SAN_UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=build/asan/tests/%)
SHELL_TESTS  = $(sort $(wildcard tests/t[0-9]*.sh))

.PHONY: all setup demo check test test-asan bench install uninstall clean completions
.SUFFIXES:

all: thread

setup:
	@sh scripts/setup.sh

thread: $(LIB_OBJ) $(MAIN_SRC:%.c=build/%.o)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

build/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

build/asan/thread: $(SAN_LIB_OBJ) $(MAIN_SRC:%.c=build/asan/%.o)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

build/asan/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

build/tests/%: tests/unit/%.c tests/unit/tap.h $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -Itests/unit $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJ) $(PKG_LIBS)

build/asan/tests/%: tests/unit/%.c tests/unit/tap.h $(SAN_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -Itests/unit $(ALL_CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $< $(SAN_LIB_OBJ) $(PKG_LIBS)

# The example team: its files linted, then replayed into a new repository
# as dated closeouts (scripts/demo.sh), with lint and provenance shown.
demo: setup
	@$(MAKE) --no-print-directory all
	@echo '== thread lint examples (a clean team repository)'
	THREAD_TODAY=2026-11-21 ./thread lint examples
	@echo
	@echo '== thread lint examples/flawed (every rule firing once)'
	-THREAD_TODAY=2026-11-21 ./thread lint examples/flawed
	@echo
	sh scripts/demo.sh ./thread

check: setup
	@$(MAKE) --no-print-directory test test-asan

test: thread $(UNIT_BIN)
	prove --exec '' $(UNIT_BIN) $(SHELL_TESTS)

test-asan: build/asan/thread $(SAN_UNIT_BIN)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 THREAD=$(CURDIR)/build/asan/thread \
	    prove --exec '' $(SAN_UNIT_BIN) $(SHELL_TESTS)

bench: setup
	@$(MAKE) --no-print-directory all
	bench/run.sh ./thread $(BENCH_PEOPLE) $(BENCH_SESSIONS)

completions: thread
	./thread --completion=bash > completions/thread.bash
	./thread --completion=zsh > completions/_thread
	./thread --completion=fish > completions/thread.fish

install: thread
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(DATADIR)/bash-completion/completions \
	    $(DESTDIR)$(DATADIR)/zsh/vendor-completions \
	    $(DESTDIR)$(DATADIR)/fish/vendor_completions.d
	install -m 755 thread $(DESTDIR)$(BINDIR)/thread
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 completions/thread.bash $(DESTDIR)$(DATADIR)/bash-completion/completions/thread
	install -m 644 completions/_thread $(DESTDIR)$(DATADIR)/zsh/vendor-completions/_thread
	install -m 644 completions/thread.fish $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/thread.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/thread
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(wildcard man/*.1)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(wildcard man/*.5)))
	rm -f $(DESTDIR)$(DATADIR)/bash-completion/completions/thread
	rm -f $(DESTDIR)$(DATADIR)/zsh/vendor-completions/_thread
	rm -f $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/thread.fish

clean:
	rm -rf build thread
