#!/bin/bash
# The walk of people/ finds each commit's changed files by comparing the
# folder's trees, skipping the entries both start and end with
# (gitstore.c, diff_raw): a change at either end of the folder, a file
# added before the first or after the last, one deleted, one whose new
# version is the same size (only its blob id differs in the tree), and
# two changes far apart in one commit are each seen, cold and from the
# cache.
. "$(dirname "$0")/test-lib.sh"

# file HANDLE DUE [BOX] [TEXT]: HANDLE's file, one session, one task.
file() {
	printf -- '---\nname: %s\nrole: Engineer\ncadence: weekly\n---\n\n# %s\n\n## 2026-10-01\n\n### Tasks\n- [%s] %s @%s due:%s\n' \
		"$1" "$1" "${3:- }" "${4:-Ship the $1 migration}" "$1" "$2" >"people/$1.md"
}

# commit N HANDLE: commit everything as closeout N of HANDLE.
commit() {
	git add -A &&
	GIT_AUTHOR_DATE="2026-10-01T12:$1:00Z" GIT_COMMITTER_DATE="2026-10-01T12:$1:00Z" \
		git commit -q -m "closeout: $2 2026-10-01" -m "Thread-Person: $2
Thread-Session: 2026-10-01"
}

# rows: per commit, newest first, its person and the files and events it counts.
rows() {
	thread log --format json |
		sed -n 's/.*"person":"\([^"]*\)","people":\([0-9]*\),.*"added":\([0-9]*\),"closed":\([0-9]*\),"redated":\([0-9]*\),.*/\1 \2 \3 \4 \5/p'
}

test_expect_success 'each change to people/ is seen, wherever it is in the folder' '
	mkdir r && cd r && git init -q -b main && mkdir people &&
	for i in $(seq 10 39); do file p$i 2026-12-01; done && commit 10 p10 &&
	file p10 2026-12-02 && commit 11 p10 &&
	thread log >/dev/null &&
	file p39 2026-12-01 x && commit 12 p39 &&
	file p05 2026-12-01 && commit 13 p05 &&
	git rm -q people/p39.md && commit 14 p39 &&
	file p20 2026-12-03 && file p30 2026-12-04 && commit 15 p20 &&
	file p10 2026-12-02 " " "Ship the p10 migration, then tell the team" && commit 16 p10 &&
	file p40 2026-12-01 && commit 17 p40 &&
	cat >../expect <<-\EOF &&
	p40 1 1 0 0
	p10 1 0 0 0
	p20 2 0 0 2
	p39 1 0 0 0
	p05 1 1 0 0
	p39 1 0 1 0
	p10 1 0 0 1
	p10 30 30 0 0
	EOF
	rows >../warm && test_cmp ../expect ../warm &&
	rm -rf .git/thread && rows >../cold && test_cmp ../expect ../cold &&
	thread log p10 --format json >../p10 &&
	grep -c "\"commit\"" ../p10 >../n && echo 3 >../want && test_cmp ../want ../n
'

test_done
