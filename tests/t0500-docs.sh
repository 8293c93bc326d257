#!/bin/bash
# Every command has a manual page and completions; the manuals are clean
# mdoc; the committed completions are what the options tables generate,
# and they complete for real in bash and fish.
. "$(dirname "$0")/test-lib.sh"

commands() {
	thread --help | sed -n 's/^    \([a-z-]*\) .*/\1/p'
}

test_expect_success 'the manuals are clean mdoc (mandoc -Tlint)' '
	mandoc -Tlint -Wwarning "$SRC_DIR"/man/*.[15] >out 2>&1; test ! -s out || { cat out; exit 1; }
'

test_expect_success 'every command has its manual page, named in thread(1)' '
	for c in $(commands); do
		test "$c" = help && continue
		test -f "$SRC_DIR/man/thread-$c.1" || { echo "no man/thread-$c.1"; exit 1; }
		grep -q "thread-$c" "$SRC_DIR/man/thread.1" || { echo "thread.1 misses $c"; exit 1; }
	done
'

test_expect_success 'every rule id is documented in thread(5)' '
	thread lint --list-rules | cut -d" " -f1 >rules &&
	for r in $(cat rules); do
		grep -q -- "$r" "$SRC_DIR/man/thread.5" || { echo "thread.5 misses $r"; exit 1; }
	done
'

test_expect_success 'every option of every command is in its manual page' '
	for c in $(commands); do
		test "$c" = help && continue
		thread $c -h | sed -n "s/.*--\([a-z-]*\).*/\1/p" | sort -u >opts &&
		for o in $(cat opts); do
			grep -q -- "$o" "$SRC_DIR/man/thread-$c.1" || { echo "thread-$c.1 misses --$o"; exit 1; }
		done
	done
'

test_expect_success 'the committed completions are the generated ones' '
	thread --completion=bash >bash && test_cmp "$SRC_DIR/completions/thread.bash" bash &&
	thread --completion=zsh >zsh && test_cmp "$SRC_DIR/completions/_thread" zsh &&
	thread --completion=fish >fish && test_cmp "$SRC_DIR/completions/thread.fish" fish
'

test_expect_success 'bash completes commands, options and their values' '
	cat >t.bash <<-\EOF2 &&
	source "$SRC_DIR/completions/thread.bash"
	c() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _thread 2>/dev/null; echo "${COMPREPLY[*]}"; }
	c thread li
	c thread lint --for
	c thread lint --format ""
	c thread lint --format = j
	c thread help l
	EOF2
	bash t.bash >out &&
	printf "%s\n" lint --format= "text json" json "log lint lsp" >expect &&
	test_cmp expect out
'

test_expect_success 'fish completes commands, options and their values' '
	fish -c "source $SRC_DIR/completions/thread.fish
		complete --do-complete \"thread li\"
		complete --do-complete \"thread lint --format=\"
		complete --do-complete \"thread lint --col\"" | cut -f1 >out &&
	printf "%s\n" lint --format=json --format=text --color >expect &&
	test_cmp expect out
'

test_expect_success 'bash and fish complete handles from people/, and hook install' '
	new_repo r && person bob >r/people/bob.md && mkdir r/transcripts/sub &&
	cat >t.bash <<-\EOF2 &&
	source "$SRC_DIR/completions/thread.bash"
	c() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _thread 2>/dev/null; echo "${COMPREPLY[*]}"; }
	c thread new ""
	c thread closeout b
	c thread hook ""
	EOF2
	(cd r/transcripts/sub && bash ../../../t.bash) >out &&
	printf "%s\n" "alice bob" bob install >expect &&
	test_cmp expect out &&
	(cd r/transcripts/sub && fish -c "source $SRC_DIR/completions/thread.fish
		complete --do-complete \"thread closeout \"") >out &&
	printf "%s\n" alice bob >expect &&
	test_cmp expect out
'

test_expect_success 'the zsh completion is valid zsh that defines _thread' '
	zsh -n "$SRC_DIR/completions/_thread" &&
	zsh -fc "compdef() { :; }; source $SRC_DIR/completions/_thread 2>/dev/null; whence -w _thread" | grep -q "_thread: function"
'

test_done
