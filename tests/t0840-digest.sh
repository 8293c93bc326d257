#!/bin/sh
# t0840-digest.sh - thread digest on a copy of the examples.
#
# Goldens in tests/golden/digest/ hold stdout of `thread digest ...` run at
# the root of the copy with THREAD_TODAY=2026-11-21 unless the name says
# another date.  The copy gets one change: an ask to @me added to kenji's
# last ### Private section, so that hiding private asks is tested.
#
# To regenerate the goldens after a deliberate change of output:
#
#   GOLDEN_UPDATE=1 tests/t0840-digest.sh
#
# then READ every changed file against examples/people/*.md before you
# commit it: a golden only says what the binary printed, not that it is right.

. "$(dirname "$0")/test-lib.sh"

DIGEST_GOLDEN=$GOLDEN/digest
GOLDEN_UPDATE=${GOLDEN_UPDATE:-}
EX=$TRASH/ex
PRIVATE='Sound out Maya'

check_golden() {
	if [ -n "$GOLDEN_UPDATE" ]; then
		cp out "$DIGEST_GOLDEN/$1"
	else
		test_cmp "$DIGEST_GOLDEN/$1" out
	fi
}

in_ex() {
	(cd "$EX" && "$@")
}

# status_of FILE:LINE: the status the JSON digest in ./out gives that ask.
status_of() {
	perl -MJSON::PP -e '
		local $/; my $d = decode_json(<STDIN>);
		for my $r (@{$d->{recipients}}) {
			for (@{$r->{asks}}) { print "$_->{status}\n" if "$_->{file}:$_->{line}" eq $ARGV[0] }
		}' "$1" <out
}

test_expect_success 'a copy of the examples, with an ask in a Private section' '
	cp -R "$SRC_DIR/examples" "$EX" && rm -rf "$EX/flawed" &&
	n=$(grep -n "^### Private" "$EX/people/kenji.md" | tail -n 1 | cut -d: -f1) &&
	sed -i -e "${n}a \\  Done when: Maya has said yes or no" "$EX/people/kenji.md" &&
	sed -i -e "${n}a - [ ] ask: $PRIVATE as second incident commander for Q1 @me due:2026-11-28 escalate:2026-12-02" \
		"$EX/people/kenji.md" &&
	in_ex thread lint -q
'

test_expect_success 'text: open asks by recipient, me first, with counts' '
	in_ex thread digest >out 2>err &&
	test ! -s err &&
	check_golden digest.txt &&
	grep "^## " out >heads &&
	printf "## @%s\n" "sam (me)" data-platform dave design-lead security >expect &&
	test_cmp expect heads &&
	grep -q "^8 open asks for 5 recipients: 8 on track\.\$" out &&
	test $(grep -c "^- \[on track\] " out) -eq 8
'

test_expect_success 'json: the same digest, one document' '
	in_ex thread digest --format json >out &&
	check_golden digest.json &&
	perl -MJSON::PP -e "
		local \$/; my \$d = decode_json(<STDIN>);
		die qq(total\n) unless \$d->{count} == 8 && \$d->{on_track} == 8;
		my @r = @{\$d->{recipients}};
		die qq(order\n) unless join(q( ), map { \$_->{recipient} } @r)
			eq q(sam data-platform dave design-lead security);
		die qq(me\n) unless \$r[0]{me} && !\$r[1]{me} && \$r[0]{count} == 3;
		my \$n = 0; \$n += @{\$_->{asks}} for @r;
		die qq(asks\n) unless \$n == 8;
		my \$a = \$r[2]{asks}[0];
		die qq(dave\n) unless \$a->{file} eq q(people/jonah.md) && \$a->{line} == 228
			&& \$a->{person} eq q(jonah) && \$a->{due} eq q(2026-11-24)
			&& \$a->{escalate} eq q(2026-11-26) && \$a->{days_to_due} == 3
			&& \$a->{days_to_escalate} == 5 && \$a->{status} eq q(on_track);
	" <out
'

test_expect_success 'a later today: past checkpoint, then escalate now (text)' '
	in_ex thread digest --today 2026-11-26 >out &&
	check_golden digest-2026-11-26.txt &&
	grep -q "^8 open asks for 5 recipients: 2 escalate now, 2 past checkpoint, 4 on track\.\$" out &&
	grep -A1 "^- \[escalate now\] Grant jonah" out | grep -q "escalate 2026-11-26 (today); people/jonah.md:228\$" &&
	grep -A1 "^- \[past checkpoint\] Restore click_position" out | grep -q "checkpoint 2026-11-25 (1 day past)"
'

test_expect_success 'the status moves with today (json): on the boundaries' '
	in_ex thread digest --format json --today 2026-11-24 >out &&
	test "$(status_of people/jonah.md:228)" = on_track &&
	in_ex thread digest --format json --today 2026-11-25 >out &&
	test "$(status_of people/jonah.md:228)" = past_checkpoint &&
	in_ex thread digest --format json --today 2026-11-26 >out &&
	check_golden digest-2026-11-26.json &&
	test "$(status_of people/jonah.md:228)" = escalate_now &&
	test "$(status_of people/jonah.md:244)" = on_track &&
	test "$(status_of people/lena.md:248)" = past_checkpoint &&
	in_ex thread digest --format json --today 2026-12-11 >out &&
	perl -MJSON::PP -e "local \$/; my \$d = decode_json(<STDIN>);
		die unless \$d->{escalate_now} == 8" <out
'

test_expect_success 'Private asks stay out unless asked for' '
	in_ex thread digest >out && ! grep "$PRIVATE" out &&
	in_ex thread digest --format json >out && ! grep "$PRIVATE" out &&
	in_ex thread digest --include-private >out &&
	grep -A1 "^- \[on track\] $PRIVATE" out | grep -q "for kenji; .*people/kenji.md:[0-9]* (private)\$" &&
	grep -q "^4 open asks: 4 on track\.\$" out &&
	in_ex thread digest --include-private --format json >out &&
	perl -MJSON::PP -e "local \$/; my \$d = decode_json(<STDIN>);
		my @p = grep { \$_->{private} } @{\$d->{recipients}[0]{asks}};
		die unless @p == 1 && \$d->{count} == 9" <out
'

test_expect_success '@me and the config handle are one recipient; odd asks' '
	new_repo r &&
	cat >>r/people/alice.md <<-\EOF &&

	### Asks
	- [ ] Approve the budget @sam due:2026-11-20 escalate:2026-11-25
	  Done when: approved
	- [ ] Review the plan @me due:2026-11-19
	  Done when: reviewed
	- [ ] Sign the form due:2026-11-19 escalate:2026-11-20
	  Done when: signed
	- [ ] Book the room @dave
	  Done when: booked
	- [x] Closed already @dave due:2026-11-01 escalate:2026-11-02
	  Done when: closed
	EOF
	(cd r && thread digest) >out &&
	cat >expect <<-\EOF &&
	# Open asks, 2026-11-21

	4 open asks for 3 recipients: 1 escalate now, 2 past checkpoint, 1 on track.

	## @sam (me)
	2 open asks: 2 past checkpoint.

	- [past checkpoint] Review the plan
	  for alice; checkpoint 2026-11-19 (2 days past); no escalate date; people/alice.md:22
	- [past checkpoint] Approve the budget
	  for alice; checkpoint 2026-11-20 (1 day past); escalate 2026-11-25 (in 4 days); people/alice.md:20

	## @dave
	1 open ask: 1 on track.

	- [on track] Book the room
	  for alice; no checkpoint date; no escalate date; people/alice.md:26

	## No recipient
	1 open ask: 1 escalate now.

	- [escalate now] Sign the form
	  for alice; checkpoint 2026-11-19 (2 days past); escalate 2026-11-20 (1 day past); people/alice.md:24
	EOF
	test_cmp expect out &&
	(cd r && thread digest --format json) >out &&
	perl -MJSON::PP -e "local \$/; my \$d = decode_json(<STDIN>);
		my @r = @{\$d->{recipients}};
		die unless \$r[0]{recipient} eq q(sam) && \$r[0]{me};
		die unless !defined \$r[2]{recipient};
		die unless !defined \$r[1]{asks}[0]{due}" <out
'

test_expect_success 'no open asks: a digest that says so, exit 0' '
	mkdir -p e/people && cd e &&
	thread digest >out &&
	printf "# Open asks, 2026-11-21\n\nNo open asks.\n" >expect &&
	test_cmp expect out &&
	thread digest --format json >out &&
	perl -MJSON::PP -e "local \$/; my \$d = decode_json(<STDIN>);
		die unless \$d->{count} == 0 && !@{\$d->{recipients}}" <out
'

test_expect_success 'errors: arguments, bad values, no repository (exit 2)' '
	test_exit 2 in_ex thread digest jonah &&
	test_exit 2 in_ex thread digest --format csv &&
	test_exit 2 in_ex thread digest --today 2026-02-30 &&
	(export THREAD_TODAY=soon; test_exit 2 in_ex thread digest) &&
	mkdir nowhere && (cd nowhere && test_exit 2 thread digest)
'

test_done
