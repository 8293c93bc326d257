#!/bin/sh
# t0965-send.sh - thread followup --send and --mark-sent: the e-mail goes
# through sendmail -t (or the .thread.yaml sendmail: command), only after a
# yes on a terminal or --yes, and only once it went out is the one line
# "Follow-up: sent DATE HH:MM to ADDRESS" written into the session, so that
# thread status knows.

. "$(dirname "$0")/test-lib.sh"

# ana: an older session, then the meeting of 2026-11-20 with a Transcript:
# line, items and a Private note that must never leave the file.
ana_file() {
	cat <<'EOF2'
---
name: Ana Souza
role: Senior Engineer
email: ana.souza@example.com
cadence: weekly
consent: notes-only
---

# Ana Souza

## 2026-11-13

### Tasks
- [x] Draft the reindex plan @ana due:2026-11-18

### Next
- How did the reindex go?

## 2026-11-20
Transcript: transcripts/ana/2026-11-20.txt

### Wins
- Shipped the search reindex two days early

### Tasks
- [ ] Write the rollback runbook @ana due:2026-11-27
  Done when: reviewed by SRE

### Asks
- [ ] Grant sandbox access for ana @dave due:2026-11-24 escalate:2026-11-26
  Message: Could you grant Ana write access to the payments sandbox?

### Private
- Mentioned a possible move to the platform team

### Next
- Review the runbook
EOF2
}

# team: a git repository with ana, and a fake sendmail that keeps what it
# was given (its arguments, then the message) in ../sent.
team() {
	mkdir -p people transcripts/ana &&
	printf 'me: sam\npeople: [dave]\nsendmail: %s/fake-sendmail -t\n' "$PWD" >.thread.yaml &&
	cat >fake-sendmail <<-\EOF2 &&
	#!/bin/sh
	echo "args: $*" >"$(dirname "$0")/sent"
	cat >>"$(dirname "$0")/sent"
	EOF2
	chmod +x fake-sendmail &&
	ana_file >people/ana.md &&
	printf '[00:00:01] Sam Okafor: Morning.\n' >transcripts/ana/2026-11-20.txt &&
	git init -q -b main && git add -A && git commit -q -m initial
}

test_expect_success '--send --yes sends the e-mail through sendmail: and records one line' '
	team &&
	cp people/ana.md before &&
	thread followup ana --send --yes >out 2>err &&
	grep "^args: -t$" sent &&
	grep "^To: Ana Souza <ana.souza@example.com>$" sent &&
	grep "^Subject: Follow-up: our 1:1 on 2026-11-20$" sent &&
	grep "runbook" sent &&
	! grep -i "platform team" sent &&
	grep "^To: Ana Souza" out &&
	grep "recorded as sent to ana.souza@example.com on 2026-11-20 (people/ana.md:19)" out &&
	{ diff before people/ana.md >d || true; } &&
	printf "%s\n" "20a21" "> Follow-up: sent 2026-11-20 17:00 to ana.souza@example.com" >expect &&
	test_cmp expect d
'

test_expect_success 'the line goes right under the heading when there is no Transcript: line' '
	team &&
	grep -v "^Transcript:" people/ana.md >tmp && mv tmp people/ana.md &&
	cp people/ana.md before &&
	thread followup ana --send --yes >out &&
	{ diff before people/ana.md >d || true; } &&
	printf "%s\n" "19a20" "> Follow-up: sent 2026-11-20 17:00 to ana.souza@example.com" >expect &&
	test_cmp expect d &&
	thread lint people/ana.md
'

test_expect_success 'sending again replaces the line, never adds a second' '
	team &&
	thread followup ana --send --yes >/dev/null &&
	GIT_AUTHOR_DATE=2026-11-21T09:30:00Z thread followup ana --send --yes >/dev/null &&
	grep -c "^Follow-up:" people/ana.md >n && echo 1 >expect && test_cmp expect n &&
	grep "^Follow-up: sent 2026-11-21 09:30 to ana.souza@example.com$" people/ana.md
'

test_expect_success 'without a terminal and without --yes nothing is sent or recorded (exit 2)' '
	team &&
	cp people/ana.md before &&
	test_exit 2 thread followup ana --send </dev/null >out 2>err &&
	grep "no terminal to confirm on" err && grep -e "--yes" err &&
	test ! -e sent &&
	test_cmp before people/ana.md
'

# On a terminal (script(1) gives one): y sends and records, n does neither.
if command -v script >/dev/null 2>&1; then
test_expect_success 'on a terminal it asks, and only y sends' '
	team &&
	cp people/ana.md before &&
	{ (sleep 1; echo n) | script -qec "$THREAD followup ana --send" /dev/null >out; test $? = 2; } &&
	grep "Send this follow-up to ana.souza@example.com? \[y/N\]" out &&
	test ! -e sent && test_cmp before people/ana.md &&
	(sleep 1; echo y) | script -qec "$THREAD followup ana --send" /dev/null >out &&
	grep "^To: Ana Souza" sent &&
	grep "^Follow-up: sent 2026-11-20 17:00 to ana.souza@example.com" people/ana.md
'
fi

test_expect_success 'a sendmail that fails: nothing recorded, exit 2' '
	team &&
	printf "#!/bin/sh\ncat >/dev/null\nexit 75\n" >fake-sendmail &&
	cp people/ana.md before &&
	test_exit 2 thread followup ana --send --yes >out 2>err &&
	grep "failed" err && grep "nothing was recorded" err &&
	test_cmp before people/ana.md
'

test_expect_success 'a sendmail that reads nothing and fails: no crash, nothing recorded' '
	team &&
	printf "#!/bin/sh\nexit 1\n" >fake-sendmail &&
	cp people/ana.md before &&
	test_exit 2 thread followup ana --send --yes >out 2>err &&
	test_cmp before people/ana.md
'

test_expect_success 'no sendmail: in .thread.yaml runs sendmail -t from PATH' '
	team &&
	printf "me: sam\npeople: [dave]\n" >.thread.yaml &&
	mkdir bin && cp fake-sendmail bin/sendmail &&
	PATH="$PWD/bin:$PATH" thread followup ana --send --yes >out &&
	grep "^args: -t$" bin/sent &&
	grep "^Follow-up: sent 2026-11-20 17:00 to ana.souza@example.com$" people/ana.md
'

test_expect_success '--send refuses --include-private: the Private section never leaves' '
	team &&
	cp people/ana.md before &&
	test_exit 2 thread followup ana --send --yes --include-private >out 2>err &&
	grep "never carries the Private section" err &&
	test ! -e sent && test_cmp before people/ana.md
'

test_expect_success '--mark-sent records a follow-up sent another way, sending nothing' '
	team &&
	cp people/ana.md before &&
	GIT_AUTHOR_DATE=2026-11-20T18:05:00Z thread followup ana --mark-sent >out &&
	test ! -e sent &&
	{ diff before people/ana.md >d || true; } &&
	printf "%s\n" "20a21" "> Follow-up: sent 2026-11-20 18:05 to ana.souza@example.com" >expect &&
	test_cmp expect d
'

test_expect_success '--mark-sent --date names an older session' '
	team &&
	thread followup ana --date 2026-11-13 --mark-sent >out &&
	sed -n "/^## 2026-11-13/,/^###/p" people/ana.md >s &&
	grep "^Follow-up: sent 2026-11-20 17:00 to ana.souza@example.com$" s
'

test_expect_success 'a file with CRLF line ends gets a CRLF line' '
	team &&
	sed "s/\$/\r/" people/ana.md >tmp && mv tmp people/ana.md &&
	thread followup ana --mark-sent >out &&
	tr -cd "\r" <people/ana.md | wc -c >crlf &&
	wc -l <people/ana.md >lines &&
	test_cmp lines crlf &&
	grep "^Follow-up: sent 2026-11-20 17:00 to ana.souza@example.com.\$" people/ana.md
'

test_expect_success 'the line is written through the person-file lock' '
	team &&
	cp people/ana.md before &&
	: >people/ana.md.lock && exec 9<people/ana.md.lock && flock -n 9 &&
	test_exit 2 thread followup ana --mark-sent >out 2>err &&
	grep "people/ana.md" err &&
	test_cmp before people/ana.md
'

# nudges: ana's ask to dave has a Message: line; bo's to dave has none,
# bo's to the infra team is past its escalation, one ask is mine and one
# under Private (to dave) must never be drafted.
nudge_team() {
	team &&
	printf 'me: sam\npeople:\n  - dave: Dave Kowalski\n  - infra-team: the infra team\n' >.thread.yaml &&
	cat >people/bo.md <<-\EOF2
	---
	name: Bo Lin
	role: Engineer
	cadence: weekly
	consent: notes-only
	---

	# Bo Lin

	## 2026-11-19

	### Asks
	- [ ] Review the @bo design doc @dave due:2026-11-25
	- [ ] Restore the build cache @infra-team due:2026-11-17 escalate:2026-11-19
	  Message: The build cache has been down since 11-12; can you restore it this week?
	- [ ] Approve the conference budget @me due:2026-11-26

	### Private
	- [ ] ask: Quietly check the salary band for bo @dave due:2026-11-24

	### Next
	- Design doc
	EOF2
}

test_expect_success 'digest --nudges: one message per recipient, from Message: or the text' '
	nudge_team &&
	thread digest --nudges >out &&
	cat >expect <<-\EOF2 &&
	# Nudges, 2026-11-21

	---- to @dave (2 asks)

	Hi Dave Kowalski,

	A short nudge on what I asked of you:

	- Could you grant Ana write access to the payments sandbox?
	  For Ana Souza; checkpoint 2026-11-24 (in 3 days); I'"'"'ll escalate on 2026-11-26 (in 5 days).
	- Review the Bo Lin design doc
	  For Bo Lin; checkpoint 2026-11-25 (in 4 days).

	Thanks!

	---- to @infra-team (1 ask)

	Hi the infra team,

	A short nudge on what I asked of you:

	- The build cache has been down since 11-12; can you restore it this week?
	  For Bo Lin; checkpoint 2026-11-17 (4 days past); I'"'"'ll escalate on 2026-11-19 (2 days past).

	Thanks!

	(Not nudged: 1 ask you owe, 0 with no recipient; see thread digest.)
	EOF2
	test_cmp expect out &&
	! grep -i salary out
'

test_expect_success 'digest --nudges --format json; --include-private is refused' '
	nudge_team &&
	thread digest --nudges --format json >out &&
	perl -MJSON::PP -e '"'"'
		local $/; my $d = decode_json(<STDIN>);
		for my $n (@{$d->{nudges}}) {
			print "$n->{recipient} $n->{name}: ", join(" | ", map { "$_->{person} $_->{says} $_->{due}" } @{$n->{asks}}), "\n";
		}
		print "mine $d->{mine}\n";
	'"'"' <out >got &&
	cat >expect <<-\EOF2 &&
	dave Dave Kowalski: ana Could you grant Ana write access to the payments sandbox? 2026-11-24 | bo Review the Bo Lin design doc 2026-11-25
	infra-team the infra team: bo The build cache has been down since 11-12; can you restore it this week? 2026-11-17
	mine 1
	EOF2
	test_cmp expect got &&
	! grep -i salary out &&
	test_exit 2 thread digest --nudges --include-private >out 2>err &&
	grep "never carry a private ask" err && test_must_be_empty out
'

test_done
