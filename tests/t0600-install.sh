#!/bin/bash
# make install puts the program, manuals and completions under DESTDIR and
# PREFIX; make uninstall takes exactly those away again.
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'install and uninstall under DESTDIR' '
	make -s -C "$SRC_DIR" install DESTDIR="$PWD/dest" PREFIX=/usr >/dev/null &&
	test -x dest/usr/bin/thread &&
	dest/usr/bin/thread --version >out && grep -q "^thread " out &&
	test -f dest/usr/share/man/man1/thread.1 &&
	test -f dest/usr/share/man/man1/thread-lint.1 &&
	test -f dest/usr/share/man/man5/thread.5 &&
	test -f dest/usr/share/bash-completion/completions/thread &&
	test -f dest/usr/share/zsh/vendor-completions/_thread &&
	test -f dest/usr/share/fish/vendor_completions.d/thread.fish &&
	make -s -C "$SRC_DIR" uninstall DESTDIR="$PWD/dest" PREFIX=/usr >/dev/null &&
	find dest -type f >left && test ! -s left
'

test_done
