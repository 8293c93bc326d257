#!/bin/sh
# Install what thread needs to build and test, from Debian's packages, when
# something is missing.  Silent when everything is already there.
#   scripts/setup.sh          build and test dependencies
set -eu

missing=""
need_pkg() {  # need_pkg DEBIAN-PACKAGE TEST-COMMAND...
	pkg=$1; shift
	if ! "$@" >/dev/null 2>&1; then
		missing="$missing $pkg"
	fi
}

have() { command -v "$1"; }

# Can clang build a libFuzzer target (make fuzz, make check)?  clang alone
# cannot: libFuzzer's runtime is in libclang-rt-14-dev, only recommended.
can_fuzz() {
	dir=$(mktemp -d) || return 1
	printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
	    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
	    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
	    > "$dir/probe.c"
	clang -fsanitize=fuzzer,address,undefined -o "$dir/probe" "$dir/probe.c"
	rc=$?
	rm -rf "$dir"
	return $rc
}

need_pkg pkg-config   have pkg-config
need_pkg gcc          have cc
need_pkg make         have make
need_pkg libcmark-dev pkg-config --exists libcmark
need_pkg libgit2-dev  pkg-config --exists libgit2
need_pkg libpcre2-dev pkg-config --exists libpcre2-8
need_pkg libyaml-dev  pkg-config --exists yaml-0.1
need_pkg libstemmer-dev test -f /usr/include/libstemmer.h   # no pkg-config file
need_pkg wordnet-dev  test -f /usr/include/wn.h          # repeat-blockers: word meaning
need_pkg wordnet-base test -f /usr/share/wordnet/index.noun
need_pkg libjansson-dev pkg-config --exists jansson          # thread lsp: JSON-RPC
need_pkg cmark        have cmark
need_pkg git          have git
need_pkg mandoc       have mandoc
need_pkg perl         have prove
need_pkg zsh          have zsh     # completion tests
need_pkg fish         have fish
need_pkg neovim       have nvim    # t-lsp: a real LSP client, headless
need_pkg python3-icalendar /usr/bin/python3 -c 'import icalendar'   # an independent ICS parser
need_pkg gnupg        have gpg     # t0885: commit.gpgsign, signed and verified
need_pkg clang        have clang   # make fuzz: libFuzzer targets in tests/fuzz
need_pkg libclang-rt-14-dev can_fuzz

[ -n "$missing" ] || exit 0

echo "setup: installing Debian packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif have sudo >/dev/null; then
	sudo="sudo"
else
	echo "setup: need root or sudo to install:$missing" >&2
	echo "setup: install them by hand, then run make again" >&2
	exit 2
fi
export DEBIAN_FRONTEND=noninteractive
# Debian's package lists may be missing or stale on a fresh machine.
$sudo apt-get update -qq >&2
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >&2
echo "setup: done" >&2
