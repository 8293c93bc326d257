#!/bin/sh
# t0960-status.sh - thread status: one line per person and what needs you
# today, in every state the loop can be in.  Today is 2026-11-21.
#
#   alice  weekly; met 11-20, closed out 11-20 17:00 by thread closeout
#          (within 24h), follow-up sent; next due 11-27
#   bob    weekly; met 11-13, closed out 11-17 (late, 4 days after), no
#          follow-up; next due 11-20: overdue by 1 day
#   carol  weekly; met 11-19, committed by hand, not closed out, no
#          follow-up; a planned session of 11-21 (Review only) that does
#          not count as the last 1:1
#   dan    biweekly; met 11-12 and 11-19, closed out 11-20 (within 24h);
#          a task past its checkpoint, an ask past its checkpoint and due
#          for escalation, a private ask due for escalation (never shown),
#          and the same blocker in both sessions

. "$(dirname "$0")/test-lib.sh"

front() {
	printf -- '---\nname: %s\nrole: Engineer\nemail: %s@example.com\ncadence: %s\nconsent: notes-only\n---\n\n# %s\n' \
		"$1" "$1" "$2" "$1"
}

alice_file() {
	front alice weekly
	cat <<'EOF2'

## 2026-11-20
Follow-up: sent 2026-11-20 17:30 to alice@example.com

### Tasks
- [ ] Write the rollback runbook @alice due:2026-11-27
  Done when: reviewed by SRE

### Next
- Review the runbook
EOF2
}

bob_file() {
	front bob weekly
	cat <<'EOF2'

## 2026-11-13

### Tasks
- [ ] Draft the on-call rota @bob due:2026-11-25
  Done when: the team agrees to it

### Next
- Look at the rota
EOF2
}

carol_file() {
	front carol weekly
	cat <<'EOF2'

## 2026-11-19

### Wins
- Shipped the exporter

### Next
- Plan the import

## 2026-11-21

### Review
- Plan the import
EOF2
}

dan_file() {
	front dan biweekly
	cat <<'EOF2'

## 2026-11-12

### Blockers
- Still no access to the staging cluster #access

### Next
- Access again

## 2026-11-19

### Blockers
- Still no access to the staging cluster, second week #access
  - [ ] ask: Grant staging access for dan @infra-team due:2026-11-18 escalate:2026-11-20
    Done when: dan deploys to staging

### Tasks
- [ ] Write the staging checklist @dan due:2026-11-18
  Done when: reviewed

### Private
- [ ] ask: Talk to HR about the secret reorg @me due:2026-11-18 escalate:2026-11-19

### Next
- Staging, finally
EOF2
}

# closeout_commit HANDLE SESSION WHEN: a closeout commit of the session, as
# thread closeout writes its message, made at WHEN.
closeout_commit() {
	GIT_AUTHOR_DATE=$3 GIT_COMMITTER_DATE=$3 git commit -q --allow-empty \
		-m "closeout: $1 $2" -m "Thread-Person: $1
Thread-Session: $2"
}

# team: the four of them and their history, in ./t.
team() {
	mkdir -p t/people t/transcripts && cd t &&
	printf 'me: sam\npeople: [infra-team]\n' >.thread.yaml &&
	for p in alice bob carol dan; do ${p}_file >people/$p.md; done &&
	git init -q -b main && git add .thread.yaml &&
	git commit -q -m "settings" &&
	git add people/bob.md && GIT_COMMITTER_DATE=2026-11-13T17:00:00Z git commit -q -m "bob's notes" &&
	closeout_commit bob 2026-11-13 2026-11-17T10:00:00Z &&
	git add people/carol.md && GIT_COMMITTER_DATE=2026-11-19T17:00:00Z git commit -q -m "carol's notes, by hand" &&
	git add people/dan.md && GIT_COMMITTER_DATE=2026-11-19T17:00:00Z git commit -q -m "dan's notes" &&
	closeout_commit dan 2026-11-12 2026-11-12T18:00:00Z &&
	closeout_commit dan 2026-11-19 2026-11-20T16:00:00Z &&
	GIT_AUTHOR_DATE=2026-11-20T17:00:00Z GIT_COMMITTER_DATE=2026-11-20T17:00:00Z \
		THREAD_TODAY=2026-11-20 thread closeout alice --date 2026-11-20 >/dev/null
}

line_of() {
	grep "^$1: " out
}

test_expect_success 'one line per person, in every state' '
	team &&
	thread status >out 2>err &&
	test_must_be_empty err &&
	line_of alice >a && line_of bob >b && line_of carol >c && line_of dan >d &&
	echo "alice: last 1:1 2026-11-20 (yesterday); next due 2026-11-27; closed out within 24h; follow-up sent; 1 open task, 0 open asks" >expect &&
	test_cmp expect a &&
	echo "bob: last 1:1 2026-11-13 (8 days ago); overdue by 1 day (due 2026-11-20); closed out late (4 days after); follow-up not sent; 1 open task, 0 open asks" >expect &&
	test_cmp expect b &&
	echo "carol: last 1:1 2026-11-19 (2 days ago); next due 2026-11-26; not closed out; follow-up not sent; 0 open tasks, 0 open asks" >expect &&
	test_cmp expect c &&
	grep "^dan: last 1:1 2026-11-19 (2 days ago); next due 2026-12-03; closed out within 24h; follow-up not sent; 1 open task (1 past checkpoint), 1 open ask (1 past checkpoint, 1 to escalate); repeating blocker (2 sessions): Still no access to the staging cluster" d
'

test_expect_success 'what needs you today: closeouts, follow-ups, escalations, overdue 1:1s' '
	team &&
	thread status >out &&
	sed -n "/^What needs you today:/,\$p" out >needs &&
	cat >expect <<-\EOF2 &&
	What needs you today:
	  close out carol'"'"'s 1:1 of 2026-11-19:  thread closeout carol --date 2026-11-19
	  send bob the follow-up of 2026-11-13:  thread followup bob --date 2026-11-13 --send
	  send carol the follow-up of 2026-11-19:  thread followup carol --date 2026-11-19 --send
	  send dan the follow-up of 2026-11-19:  thread followup dan --date 2026-11-19 --send
	  escalate @infra-team (due 2026-11-20): Grant staging access for dan  people/dan.md:23
	  hold the 1:1 with bob, due 2026-11-20:  thread new bob
	EOF2
	test_cmp expect needs
'

test_expect_success 'an ask I owe past its escalation date is mine to do, not to escalate' '
	team &&
	printf "\n### Asks\n- [ ] Confirm the Q1 headcount @sam due:2026-11-18 escalate:2026-11-20\n" >>people/bob.md &&
	thread status >out &&
	grep "^  you owe this, escalation was due 2026-11-20: Confirm the Q1 headcount  people/bob.md:21$" out &&
	! grep "escalate @sam" out
'

test_expect_success 'what is under a Private heading is neither counted nor listed' '
	team &&
	thread status >out && thread status --format json >out.json &&
	! grep -i "reorg" out out.json &&
	grep "^dan: .*1 open ask (" out
'

test_expect_success 'a planned session is not the last 1:1; once held, it is' '
	team &&
	thread status --person carol >out &&
	grep "^carol: last 1:1 2026-11-19" out &&
	printf "\n### Wins\n- Planned the import\n" >>people/carol.md &&
	thread status --person carol >out &&
	grep "^carol: last 1:1 2026-11-21 (today); next due 2026-11-28; not closed out" out
'

test_expect_success 'follow-up sent: thread followup --mark-sent is what status reads' '
	team &&
	thread status --person bob >out && grep "follow-up not sent" out &&
	thread followup bob --mark-sent >/dev/null &&
	thread status --person bob >out &&
	grep "^bob: .*; follow-up sent;" out &&
	! grep "send bob" out
'

test_expect_success 'a closeout of another session does not close out the last one' '
	team &&
	closeout_commit carol 2026-11-12 2026-11-12T18:00:00Z &&
	thread status --person carol >out &&
	grep "^carol: .*; not closed out;" out
'

test_expect_success 'a closeout two days after the meeting is late' '
	team &&
	closeout_commit carol 2026-11-19 2026-11-21T00:30:00Z &&
	thread status --person carol >out &&
	grep "^carol: .*; closed out late (2 days after);" out &&
	! grep "close out carol" out
'

test_expect_success 'everyone in order: nothing needs you today' '
	mkdir -p t/people && cd t &&
	printf "me: sam\n" >.thread.yaml && alice_file >people/alice.md &&
	git init -q -b main && git add -A && git commit -q -m notes &&
	GIT_AUTHOR_DATE=2026-11-20T17:00:00Z GIT_COMMITTER_DATE=2026-11-20T17:00:00Z \
		THREAD_TODAY=2026-11-20 thread closeout alice --date 2026-11-20 >/dev/null &&
	thread status >out &&
	grep "^Nothing needs you today.$" out
'

test_expect_success '--format json gives every field' '
	team &&
	thread status --format json >out &&
	perl -MJSON::PP -e '"'"'
		local $/; my $d = decode_json(<STDIN>);
		my %p = map { $_->{person} => $_ } @{$d->{people}};
		my @n = map { "$_->{kind} $_->{person}" } @{$d->{needs}};
		print join("\n",
			"today $d->{today}",
			"alice $p{alice}{closed_out} $p{alice}{closed_out_within_24h} $p{alice}{followup_sent} $p{alice}{followup_sent_at} $p{alice}{followup_to}",
			"bob $p{bob}{overdue} $p{bob}{closeout_days} $p{bob}{closed_out_within_24h} $p{bob}{next_due}",
			"carol $p{carol}{last} $p{carol}{closed_out}",
			"dan $p{dan}{tasks}{past_checkpoint} $p{dan}{asks}{escalation_due} $p{dan}{repeating_blocker}",
			@n), "\n";
	'"'"' <out >got &&
	cat >expect <<-\EOF2 &&
	today 2026-11-21
	alice 1 1 1 2026-11-20 17:30 alice@example.com
	bob 1 4 0 2026-11-20
	carol 2026-11-19 0
	dan 1 1 Still no access to the staging cluster, second week
	closeout carol
	followup bob
	followup carol
	followup dan
	escalate dan
	overdue bob
	EOF2
	test_cmp expect got
'

test_expect_success 'colour only on a terminal, never with NO_COLOR' '
	team &&
	thread status >plain && ! grep "$(printf "\033")" plain &&
	thread status --color=always >col && grep "$(printf "\033")\[31mnot closed out" col &&
	NO_COLOR=1 thread status --color=always >nc && test_cmp plain nc &&
	if command -v script >/dev/null 2>&1; then
		script -qec "$THREAD status" /dev/null >tty &&
		grep "$(printf "\033")\[1m" tty &&
		NO_COLOR=1 script -qec "$THREAD status" /dev/null >tty2 &&
		! grep "$(printf "\033")" tty2
	fi
'

test_expect_success 'control characters in the notes are escaped, not sent to the terminal' '
	team &&
	printf "\n### Blockers\n- Still no access to the staging cluster $(printf "\033")[2J #access\n" >>people/dan.md &&
	thread status --color=always >out &&
	! grep "$(printf "\033")\[2J" out
'

test_expect_success 'stats: sessions held, closed out, within 24h, days to closeout' '
	team &&
	thread stats --format json >out &&
	perl -MJSON::PP -e '"'"'
		local $/; my $d = decode_json(<STDIN>);
		for my $p (@{$d->{people}}, { person => "team", %{$d->{team}} }) {
			my $c = $p->{closeouts};
			print join(" ", $p->{person}, map { $c->{$_} // "null" } qw(held closed_out within_24h median_days max_days)), "\n";
		}
	'"'"' <out >got &&
	cat >expect <<-\EOF2 &&
	alice 1 1 1 0 0
	bob 1 1 0 4 4
	carol 1 0 0 null null
	dan 2 2 2 0 1
	team 5 4 3 0 4
	EOF2
	test_cmp expect got &&
	thread stats --person bob >out &&
	grep "^bob *1  1 of 1 (100%)  0 of 1 (0%) *4$" out
'

test_expect_success 'outside git nothing is closed out; exit 0' '
	mkdir -p t/people && cd t && printf "me: sam\n" >.thread.yaml &&
	bob_file >people/bob.md &&
	GIT_CEILING_DIRECTORIES=$PWD/.. thread status >out &&
	grep "^bob: .*not closed out" out
'

test_expect_success 'an unknown person: exit 2 with advice' '
	team &&
	test_exit 2 thread status --person zed >out 2>err &&
	grep "zed" err
'

test_expect_success 'a history of 2000 closeouts is read, and the last one counts' '
	team &&
	from="from $(git rev-parse HEAD)" &&
	i=0; while [ $i -lt 2000 ]; do echo "commit refs/heads/main
committer Sam <s@e.com> $((1795000000 + i)) +0000
data <<X
closeout: dan 2026-11-12

Thread-Person: dan
Thread-Session: 2026-11-12
X
$from
"; from=; i=$((i + 1)); done >stream &&
	git fast-import --quiet <stream && git reset -q --hard main &&
	# (its speed is measured by make bench, not asserted here)
	thread status --format json >out &&
	grep "\"person\":\"dan\"" out
'

test_done
