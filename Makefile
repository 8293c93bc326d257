# thread - turn 1:1 meetings into follow-through.
#
#   make demo      install missing build dependencies, build, lint the examples
#   make check     the same set-up, then every test, plain and under
#                  AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench     lint a generated 20 MB repository against bare cmark
#   make fuzz      run each libFuzzer target (tests/fuzz) for FUZZ_SECONDS
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
PKGS     = libcmark libgit2 libpcre2-8 yaml-0.1 jansson
VERSION  = 0.1.0

BENCH_PEOPLE   ?= 200
BENCH_SESSIONS ?= 150

# pkg-config runs only when something is compiled (after setup).
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
# libstemmer (Debian libstemmer-dev) has no pkg-config file.
# nor has WordNet (wordnet-dev), which lexicon.c alone uses.
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lstemmer -lwordnet -lm

WARN      = -std=c11 -Wall -Wextra $(WERROR) -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wno-missing-field-initializers
ALL_CPPFLAGS = -D_GNU_SOURCE -DTHREAD_VERSION='"$(VERSION)"' -Isrc -Ibuild/gen $(CPPFLAGS)
ALL_CFLAGS   = $(WARN) -pthread $(PKG_CFLAGS) $(CFLAGS)
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

.PHONY: all setup demo check test test-asan bench install uninstall clean completions \
        fuzz fuzz-smoke
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

# The workplace thesaurus (data/thesaurus.tsv) compiled in as C strings, one
# per line of equivalents, so the binary needs no data file of its own.
THESAURUS_INC = build/gen/thesaurus.inc
$(THESAURUS_INC): data/thesaurus.tsv
	@mkdir -p $(dir $@)
	sed -e 's/\r$$//' -e '/^#/d' -e '/^[[:space:]]*$$/d' -e 's/\\/\\\\/g' \
	    -e 's/"/\\"/g' -e 's/\t/\\t/g' -e 's/^/"/' -e 's/$$/",/' $< > $@.tmp
	mv $@.tmp $@
build/src/lexicon.o build/asan/src/lexicon.o build/fuzz/obj/src/lexicon.o \
build/fault/thread: $(THESAURUS_INC)

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

# The test build with fault injection (src/fault.h), plain otherwise.
build/fault/thread: $(LIB_SRC) $(MAIN_SRC) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -DTHREAD_FAULTS $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(LIB_SRC) $(MAIN_SRC) $(PKG_LIBS)

check: setup
	@$(MAKE) --no-print-directory test test-asan $(FUZZ_CHECK)

test: thread $(UNIT_BIN) build/fault/thread
	THREAD_FAULTY=$(CURDIR)/build/fault/thread prove --exec '' $(UNIT_BIN) $(SHELL_TESTS)

test-asan: build/asan/thread $(SAN_UNIT_BIN) build/fault/thread
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 THREAD=$(CURDIR)/build/asan/thread \
	    THREAD_FAULTY=$(CURDIR)/build/fault/thread \
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

# ---- fuzzing ---------------------------------------------------------------
# libFuzzer targets in tests/fuzz/, built with clang (Debian's clang and
# libclang-rt-14-dev, which `make setup` installs) under ASan + UBSan.  Each
# runs on a scratch corpus seeded from tests/fuzz/corpus/TARGET (new entries
# never touch the repository), plus the inputs of past bugs in
# tests/fuzz/regressions/TARGET: `make fuzz` keeps its corpus in
# build/fuzz/corpus/TARGET from run to run, fuzz-smoke starts afresh each
# time in build/fuzz/smoke/TARGET, so `make check` takes the same time.  A crash, a leak, an
# input slower than 1 s or over 2 GB fails the run: the input is saved in
# build/fuzz/crashes/TARGET/ and make fails.  `make check` runs each for
# FUZZ_SMOKE_SECONDS; `make check FUZZ_CHECK=` leaves fuzzing out.

FUZZ_CC            ?= clang
FUZZ_SECONDS       ?= 60
FUZZ_SMOKE_SECONDS ?= 10
FUZZ_CHECK         ?= fuzz-smoke
FUZZ_TARGETS        = person transcript config lsp
FUZZ_SAN            = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
                      -fno-omit-frame-pointer
FUZZ_LIB_OBJ        = $(LIB_SRC:%.c=build/fuzz/obj/%.o)
FUZZ_BIN            = $(FUZZ_TARGETS:%=build/fuzz/fuzz-%)
FUZZ_ARGS           = -timeout=1 -rss_limit_mb=2048 -print_final_stats=1
FUZZ_ENV            = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
                      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# The library for fuzzing: clang, coverage instrumentation, the sanitizers.
build/fuzz/obj/%.o: %.c $(HEADERS) | build/fuzz/probe
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BIN): build/fuzz/fuzz-%: tests/fuzz/fuzz-%.c $(FUZZ_LIB_OBJ) | build/fuzz/probe
	$(FUZZ_CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer $(LDFLAGS) \
	    -o $@ $< $(FUZZ_LIB_OBJ) $(PKG_LIBS)

# Built first: fails with a plain message, not a compile or link error, when
# clang cannot build a libFuzzer target here.
build/fuzz/probe:
	@mkdir -p build/fuzz
	@printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
	    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
	    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
	    > build/fuzz/probe.c
	@$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ build/fuzz/probe.c \
	    >build/fuzz/probe.log 2>&1 || { \
	    echo "fuzz: '$(FUZZ_CC) -fsanitize=fuzzer' does not work here (build/fuzz/probe.log):" >&2; \
	    sed 's/^/fuzz:   /' build/fuzz/probe.log | head -5 >&2; \
	    echo "fuzz: it needs Debian's clang and libclang-rt-14-dev, which 'make setup' installs;" >&2; \
	    echo "fuzz: install them, or run 'make check FUZZ_CHECK=' to leave fuzzing out" >&2; \
	    exit 1; }

# $(call fuzz-run,SECONDS,DIR): run each target for SECONDS on the corpus in
# build/fuzz/DIR/TARGET and print its final stats; stop at the first that
# fails, with its report.  The smoke corpus starts from the seeds each time.
define fuzz-run
	@set -e; for t in $(FUZZ_TARGETS); do \
	    corpus=build/fuzz/$(2)/$$t crashes=build/fuzz/crashes/$$t; \
	    [ $(2) != smoke ] || rm -rf $$corpus; \
	    mkdir -p $$corpus $$crashes; \
	    cp -pR tests/fuzz/corpus/$$t/. $$corpus/; \
	    regressions=; [ ! -d tests/fuzz/regressions/$$t ] || regressions=tests/fuzz/regressions/$$t; \
	    dict=; [ ! -f tests/fuzz/$$t.dict ] || dict=-dict=tests/fuzz/$$t.dict; \
	    log=build/fuzz/$$t.log; \
	    if $(FUZZ_ENV) build/fuzz/fuzz-$$t $(FUZZ_ARGS) $$dict -max_total_time=$(1) \
	        -artifact_prefix=$$crashes/ $$corpus $$regressions >$$log 2>&1; then \
	        printf 'fuzz-%-10s %s execs in %ss, corpus %s inputs, no crash, leak or slow input\n' $$t \
	            "$$(sed -n 's/^stat::number_of_executed_units: *//p' $$log)" $(1) \
	            "$$(ls $$corpus | wc -l)"; \
	        grep -E '^#[0-9]+[[:space:]]+DONE' $$log | tail -1 | sed 's/^/    /'; \
	    else \
	        echo "fuzz-$$t FAILED (the whole log: $$log):" >&2; \
	        sed -n '/^==[0-9]*==\|runtime error\|^fuzz-[a-z]*:\|ALARM\|^MS: /,$$p' $$log | head -80 >&2; \
	        echo "fuzz-$$t: the failing input is in $$crashes/; replay it with build/fuzz/fuzz-$$t FILE" >&2; \
	        exit 1; \
	    fi; \
	done
endef

fuzz: setup
	@$(MAKE) --no-print-directory fuzz-smoke FUZZ_SMOKE_SECONDS=$(FUZZ_SECONDS) FUZZ_DIR=corpus

FUZZ_DIR ?= smoke
fuzz-smoke: $(FUZZ_BIN)
	$(call fuzz-run,$(FUZZ_SMOKE_SECONDS),$(FUZZ_DIR))

clean:
	rm -rf build thread
