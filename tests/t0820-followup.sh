#!/bin/sh
# t0820-followup.sh - thread followup: the same-day follow-up, as Markdown,
# as an e-mail for sendmail -t, and as JSON.
#
# Goldens in tests/golden/followup/ come from a copy of examples/ (with
# THREAD_TODAY=2026-11-21 and the fixed git identity and GIT_AUTHOR_DATE of
# test-lib.sh) and from the small fixture person below:
#
#   <handle>.md             thread followup <handle>, for each example person
#   <handle>.eml            the same with --format email
#   rosa.json               rosa with --format json
#   maya-cap40.md           maya with followup_words: 40
#   kenji-2026-11-11.md     kenji with --date 2026-11-11
#   zoe.md, zoe.eml         the fixture: non-ASCII name and session title,
#                           nested blocker items, noun-first items, an item
#                           without owner, an empty Decisions part
#   zoe-private.md          the fixture with --include-private
#
# To regenerate them after a deliberate change of output:
#
#   GOLDEN_UPDATE=1 tests/t0820-followup.sh
#
# then READ every changed file against the person files before committing:
# a golden only says what the binary printed, not that it is right.

. "$(dirname "$0")/test-lib.sh"

FU_GOLDEN=$GOLDEN/followup
GOLDEN_UPDATE=${GOLDEN_UPDATE:-}
PEOPLE='jonah kenji lena maya rosa'

# A test that cannot run here, reported as a TAP skip.
test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count # skip $1"
}

# examples DIR [WORDS]: a copy of the example team in DIR, as a git
# repository (the e-mail's From: is the git identity), with the word cap
# set to WORDS when given.
examples() {
	mkdir -p "$1" &&
	cp -R "$SRC_DIR/examples/." "$1/" &&
	rm -rf "$1/flawed" &&
	git -C "$1" init -q &&
	if [ $# -gt 1 ]; then
		sed "s/^followup_words: .*/followup_words: $2/" "$1/.thread.yaml" >"$1/y" &&
		mv "$1/y" "$1/.thread.yaml"
	fi
}

# check_golden NAME FILE: FILE is the golden NAME (rewritten under GOLDEN_UPDATE).
check_golden() {
	if [ -n "$GOLDEN_UPDATE" ]; then
		cp "$2" "$FU_GOLDEN/$1"
	fi
	test_cmp "$FU_GOLDEN/$1" "$2"
}

# words FILE: the words of a Markdown follow-up after its Subject line.
words() {
	tail -n +3 "$1" | wc -w | tr -d ' '
}

# check_capped CAPPED FULL CAP: CAPPED is within CAP words, each of its
# items is a whole item of the uncapped FULL, and it says how many it left
# out, and where.
check_capped() {
	test "$(words "$1")" -le "$3" || { echo "$1: $(words "$1") words, cap $3"; return 1; }
	grep '^- ' "$1" >kept || :
	grep '^- ' "$2" >all || :
	while IFS= read -r cc_line; do
		grep -qxF -- "$cc_line" all || { echo "not a whole item: $cc_line"; return 1; }
	done <kept
	cc_left=$(( $(wc -l <all) - $(wc -l <kept) ))
	if [ "$cc_left" -eq 0 ]; then
		! grep ' more item' "$1"
	elif [ "$cc_left" -eq 1 ]; then
		grep -qx '1 more item in people/[a-z]*\.md:[0-9]*-[0-9]*' "$1"
	else
		grep -qx "$cc_left more items in people/[a-z]*\\.md:[0-9]*-[0-9]*" "$1"
	fi
}

# A parser of the message that knows nothing of thread: it splits the
# header from the body at the first empty line, checks every header line
# (printable ASCII, under 78 characters, a field name and a colon, or a
# continuation), unfolds, checks each field's syntax, and prints the
# decoded From and To names and addresses and the Subject, in UTF-8.
cat >"$TRASH/check-mail.pl" <<'PERL'
use strict;
use warnings;
use Encode ();

my $file = shift;
open my $fh, '<:raw', $file or die "$file: $!\n";
my $m = do { local $/; <$fh> };
my ($head, $body) = $m =~ /\A(.*?\n)\n(.*)\z/s
	or die "no empty line between the header and the body\n";
my @fields;
for my $l (split /\n/, $head) {
	die "a header line of " . length($l) . " characters: $l\n" if length $l > 77;
	die "a byte that is not printable ASCII: $l\n" if $l =~ /[^\x20-\x7e]/;
	if ($l =~ /^[ \t]/) {
		die "a continuation line with no field: $l\n" unless @fields;
		die "a line of white space only\n" if $l =~ /^[ \t]*$/;
		$fields[-1] .= $l;     # unfold: drop the line break, keep the space
		next;
	}
	die "not a header field: $l\n" unless $l =~ /^[\x21-\x39\x3b-\x7e]+:/;
	push @fields, $l;
}
my %v;
for (@fields) {
	my ($k, $val) = /^([^:]+):[ \t]*(.*?)[ \t]*$/;
	die "$k twice\n" if exists $v{lc $k};
	$v{lc $k} = $val;
}
for (qw(from to subject date mime-version content-type content-transfer-encoding)) {
	die "no $_ field\n" unless exists $v{$_};
}
my $mon = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
$v{date} =~ /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{1,2} ($mon) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}$/
	or die "not an RFC 5322 date: $v{date}\n";
$v{'mime-version'} eq '1.0' or die "MIME-Version: $v{'mime-version'}\n";
$v{'content-type'} eq 'text/plain; charset=utf-8' or die "Content-Type: $v{'content-type'}\n";
$v{'content-transfer-encoding'} eq '8bit' or die "CTE: $v{'content-transfer-encoding'}\n";
for my $l (split /\n/, $body) {
	die "a body line over 998 bytes\n" if length $l > 998;
}

sub words_ok {
	for my $w ($_[0] =~ /(=\?[^ ]*)/g) {
		$w =~ /^=\?UTF-8\?Q\?[^? ]*\?=$/ or die "a malformed encoded-word: $w\n";
		length $w <= 75 or die "an encoded-word over 75 characters: $w\n";
	}
}
sub mailbox {
	my ($f) = @_;
	my ($name, $addr) = $f =~ /^(.*?) *<([^<>@ ]+@[^<>@ ]+)>$/;
	($name, $addr) = ('', $f) unless defined $addr;
	$addr =~ /^[^<>@ ]+@[^<>@ ]+$/ or die "not an address: $addr\n";
	if ($name =~ /^"(.*)"$/) {
		($name = $1) =~ s/\\(.)/$1/g;
	} else {
		$name =~ /^[A-Za-z0-9!#\$%&'*+\-\/=?^_`{|}~ ]*$/ or die "not a phrase: $name\n";
		words_ok($name);
		$name = Encode::decode('MIME-Header', $name);
	}
	return Encode::encode('UTF-8', $name) . "\t$addr";
}
words_ok($v{subject});
print mailbox($v{from}), "\n", mailbox($v{to}), "\n",
	Encode::encode('UTF-8', Encode::decode('MIME-Header', $v{subject})), "\n";
PERL

check_mail() {
	perl "$TRASH/check-mail.pl" "$@"
}

# The fixture: what the examples do not have.
zoe_repo() {
	mkdir -p "$1/people" &&
	printf 'me: sam\npeople: [finance]\n' >"$1/.thread.yaml" &&
	cat >"$1/people/zoe.md" <<-\EOF &&
	---
	name: Zoë Ångström-Núñez
	role: Engineer
	email: zoe@example.com
	cadence: weekly
	consent: notes-only
	---

	# Zoë Ångström-Núñez

	## 2026-11-20 café walk

	### Wins
	- Shipped the cache

	### Blockers
	- Staging is down #infra
	  - [ ] task: Rebuild the staging cluster from the runbook @zoe due:2026-11-24
	    Done when: staging serves traffic
	  - [ ] ask: Final budget numbers for the cluster @finance due:2026-11-25 escalate:2026-11-27
	    Done when: the numbers are in the doc

	### Tasks
	- [ ] Heads-up to the VP about the slip @me due:2026-11-23
	  Done when: sent
	- [ ] Review of the cluster costs @sam due:2026-11-26
	  Done when: reviewed
	- [ ] Tidy the dashboards due:2026-11-30
	- [x] Write the cache post @zoe due:2026-11-19

	### Private
	- [ ] task: Nominate her for the platform award @me due:2026-12-01
	- Thinking about a move to the platform team.

	### Next
	- Staging first, then the budget
	EOF
	git -C "$1" init -q
}

test_expect_success 'the follow-up of each example person (golden, within 120 words)' '
	examples repo &&
	cd repo &&
	for p in $PEOPLE; do
		thread followup $p >$p.md &&
		check_golden $p.md $p.md &&
		test "$(words $p.md)" -le 120 || exit 1
	done
'

# The e-mail is meant for someone else: its last line says where the rest
# is without naming a file of my repository.
test_expect_success 'the e-mail of each example person (golden, same body as Markdown but the last line)' '
	examples repo &&
	cd repo &&
	for p in $PEOPLE; do
		thread followup $p --format email >$p.eml &&
		check_golden $p.eml $p.eml &&
		thread followup $p >$p.md &&
		tail -n +3 $p.md |
			sed "s/^\([0-9]*\) more items in people\/.*/\1 more items are in my notes./" |
			sed "s/^1 more item in people\/.*/1 more item is in my notes./" >md-body &&
		sed "1,/^\$/d" $p.eml >eml-body &&
		test_cmp md-body eml-body || exit 1
	done
'

test_expect_success 'each e-mail passes the header parser, From and To decoded' '
	examples repo &&
	cd repo &&
	for p in $PEOPLE; do
		thread followup $p --format email >$p.eml &&
		check_mail $p.eml >decoded &&
		name=$(sed -n "s/^name: //p" people/$p.md) &&
		email=$(sed -n "s/^email: //p" people/$p.md) &&
		date=$(sed -n "s/^## \\([0-9-]*\\).*/\\1/p" people/$p.md | tail -n 1) &&
		printf "Sam Okafor\tsam@example.com\n%s\t%s\nFollow-up: our 1:1 on %s\n" \
			"$name" "$email" "$date" >expect &&
		test_cmp expect decoded || exit 1
	done &&
	grep -qx "Date: Fri, 20 Nov 2026 17:00:00 +0000" rosa.eml
'

test_expect_success 'the session default is the newest; --date picks another (golden)' '
	examples repo &&
	cd repo &&
	thread followup kenji --date 2026-11-11 >out &&
	check_golden kenji-2026-11-11.md out &&
	head -n 1 out | grep -qx "Subject: Follow-up: our 1:1 on 2026-11-11" &&
	thread followup kenji | head -n 1 | grep -qx "Subject: Follow-up: our 1:1 on 2026-11-18"
'

test_expect_success 'a date with no session, or no date at all, exits 2' '
	examples repo &&
	cd repo &&
	test_exit 2 thread followup kenji --date 2026-11-12 >out 2>err &&
	test ! -s out &&
	grep -q "people/kenji.md has no session on 2026-11-12" err &&
	test_exit 2 thread followup kenji --date 2026-11-31 2>err &&
	grep -q "is not a date" err &&
	test_exit 2 thread followup kenji --today yesterday 2>err
'

test_expect_success 'an unknown handle exits 2 with the advice to add the person' '
	examples repo &&
	cd repo &&
	test_exit 2 thread followup ravi >out 2>err &&
	test ! -s out &&
	grep -q "^thread followup: there is no people/ravi.md; add the person first: thread add ravi" err &&
	test_exit 2 thread followup >out 2>err &&
	grep -q "name one person" err
'

test_expect_success 'a person without email: exits 2 for --format email, with advice' '
	new_repo r &&
	cd r &&
	test_exit 2 thread followup alice --format email >out 2>err &&
	test ! -s out &&
	grep -q "people/alice.md has no e-mail address" err &&
	grep -q "email: alice@example.com" err &&
	thread followup alice >out &&
	grep -qx -e "- Write the runbook, by 2026-11-27" out
'

test_expect_success 'an address sendmail would not take is refused' '
	new_repo r &&
	cd r &&
	sed "s/^role: .*/email: Alice <alice@example.com>/" people/alice.md >x &&
	mv x people/alice.md &&
	test_exit 2 thread followup alice --format email 2>err &&
	grep -q "is not an address sendmail takes" err
'

test_expect_success 'over the word cap: whole items kept, the rest counted (golden, cap 40)' '
	examples capped 40 &&
	examples full 100000 &&
	(cd capped && thread followup maya) >maya-capped &&
	(cd full && thread followup maya) >maya-full &&
	check_golden maya-cap40.md maya-capped &&
	check_capped maya-capped maya-full 40 &&
	grep -qx "[0-9]* more items in people/maya.md:243-303" maya-capped &&
	# The first of what she owns survives, and so does what I will do,
	# before any part gets a second item.
	grep -qx -e "- Priority: Production dual-write on the day security signs off, by 2026-11-25" maya-capped &&
	grep -qx "[0-9]*\. What you own" maya-capped &&
	grep -qx -e "- I.ll send the Staff promotion packet to the director, by 2026-12-05" maya-capped
'

test_expect_success 'every example person, at several caps: within the cap, whole items' '
	examples full 100000 &&
	for cap in 120 60 40 25 12; do
		rm -rf capped &&
		examples capped $cap &&
		for p in $PEOPLE; do
			(cd full && thread followup $p) >full.md &&
			(cd capped && thread followup $p) >capped.md &&
			check_capped capped.md full.md $cap || { echo "$p at $cap"; exit 1; }
		done
	done
'

test_expect_success 'no part is dropped while one of its items fits' '
	examples capped 40 &&
	cd capped &&
	thread followup kenji >out &&
	grep -qx "[0-9]*\. What you own" out &&
	grep -qx "[0-9]*\. What I.ve asked others to do" out &&
	grep -qx -e "- I.ve asked security to approve the Vault 1.15 auth config, by 2026-12-02" out
'

test_expect_success 'a cap under five words prints the count line alone' '
	examples capped 3 &&
	cd capped &&
	thread followup rosa >out &&
	printf "Subject: Follow-up: our 1:1 on 2026-11-20\n\n8 more items in people/rosa.md:185-236\n" >expect &&
	test_cmp expect out
'

test_expect_success 'Private content is absent from every format and session unless asked' '
	examples repo &&
	cd repo &&
	for p in $PEOPLE; do
		awk "/^### /{p = /^### Private/} p && /^- /" people/$p.md |
			cut -c3-32 | sed "s/[\"\\\\].*//" >private &&
		test -s private || continue
		for d in $(sed -n "s/^## \\([0-9-]*\\).*/\\1/p" people/$p.md); do
			for f in markdown email json; do
				thread followup $p --date $d --format $f >out &&
				if grep -F -f private out; then
					echo "$p $d $f shows Private content"; exit 1
				fi
			done
		done
	done
'

test_expect_success '--include-private shows the Private section' '
	examples repo 1000 &&
	cd repo &&
	thread followup jonah --include-private >out &&
	grep -q "^- Said he felt \"useless\" while blocked" out &&
	grep -qx "[0-9]*\. Private notes" out &&
	zoe_repo z &&
	cd z &&
	thread followup zoe >plain &&
	! grep -i "nominate\|platform team" plain &&
	thread followup zoe --include-private >out &&
	check_golden zoe-private.md out &&
	grep -qx -e "- I.ll nominate her for the platform award, by 2026-12-01" out &&
	grep -qx -e "- Thinking about a move to the platform team." out
'

test_expect_success 'blockers, noun-first items, no owner, an empty part (golden)' '
	zoe_repo z &&
	cd z &&
	thread followup zoe >out &&
	check_golden zoe.md out &&
	# The blocker task is hers; the blocker ask is asked of finance.
	grep -qx -e "- Rebuild the staging cluster from the runbook, by 2026-11-24" out &&
	grep -qx -e "- I.ve asked finance: Final budget numbers for the cluster, by 2026-11-25" out &&
	grep -qx -e "- On me: Review of the cluster costs, by 2026-11-26" out &&
	grep -qx -e "- No owner yet: Tidy the dashboards, by 2026-11-30" out &&
	! grep -i "cache" out &&
	# No Decisions: the parts are numbered as printed.
	grep -qx "1\. What you own" out
'

test_expect_success 'non-ASCII names and subjects: RFC 2047 words decode back (golden)' '
	zoe_repo z &&
	cd z &&
	GIT_AUTHOR_NAME="Søren Ørsted" thread followup zoe --format email >mail &&
	GIT_AUTHOR_NAME="Sam Okafor" thread followup zoe --format email >out &&
	check_golden zoe.eml out &&
	check_mail mail >decoded &&
	printf "Søren Ørsted\tsam@example.com\nZoë Ångström-Núñez\tzoe@example.com\nFollow-up: our 1:1 on 2026-11-20 (café walk)\n" >expect &&
	test_cmp expect decoded &&
	# And the same with the decoder named in the brief, on the raw field.
	to=$(sed -n "s/^To: //p" mail) &&
	perl -MEncode -e "print Encode::encode(\"UTF-8\", Encode::decode(\"MIME-Header\", \$ARGV[0])), qq(\n)" "$to" >name &&
	echo "Zoë Ångström-Núñez <zoe@example.com>" >expect &&
	test_cmp expect name
'

test_expect_success 'a long name folds under 78 columns and decodes back whole' '
	zoe_repo z &&
	cd z &&
	sed 1,4d people/zoe.md >rest &&
	cat - rest >people/zoe.md <<-\EOF &&
	---
	name: "Zoë Ångström-Núñez, Jr. (Platform) \"ZÅ\" de la Cruz y Santísima Trinidad"
	email: zoe@example.com
	EOF
	GIT_AUTHOR_NAME="Pat O Neil, Jr" thread followup zoe --format email >mail &&
	check_mail mail >decoded &&
	printf "Pat O Neil, Jr\tsam@example.com\n%s\tzoe@example.com\n" \
		"Zoë Ångström-Núñez, Jr. (Platform) \"ZÅ\" de la Cruz y Santísima Trinidad" >expect &&
	head -n 2 decoded >got &&
	test_cmp expect got &&
	sed -n "/^To:/,/^[^ ]/p" mail | grep -c "^ " | grep -qv "^0\$" &&
	grep -qx "From: \"Pat O Neil, Jr\" <sam@example.com>" mail
'

test_expect_success 'Date: follows GIT_AUTHOR_DATE, else now' '
	examples repo &&
	cd repo &&
	GIT_AUTHOR_DATE="@1795000000 -0530" thread followup rosa --format email >mail &&
	grep -qx "Date: Wed, 18 Nov 2026 05:36:40 -0530" mail &&
	GIT_AUTHOR_DATE="2026-11-20 09:15:00 +0100" thread followup rosa --format email >mail &&
	grep -qx "Date: Fri, 20 Nov 2026 09:15:00 +0100" mail &&
	(unset GIT_AUTHOR_DATE; thread followup rosa --format email) >mail &&
	check_mail mail >/dev/null &&
	year=$(date +%Y) &&
	grep -q "^Date: [A-Z][a-z][a-z], [0-9]* [A-Z][a-z][a-z] $year " mail
'

test_expect_success 'e-mail needs a git identity and a git repository' '
	examples repo &&
	cd repo &&
	(unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL; test_exit 2 thread followup rosa --format email) 2>err &&
	grep -q "no git identity" err &&
	rm -rf .git &&
	test_exit 2 thread followup rosa --format email 2>err &&
	grep -q "not in a git repository" err &&
	thread followup rosa >/dev/null
'

test_expect_success 'a very long item keeps body lines under 998 bytes, words unchanged' '
	zoe_repo z &&
	cd z &&
	echo "followup_words: 1000" >>.thread.yaml &&
	words=$(printf "word%d " $(seq 1 300)) &&
	printf "\n## 2026-11-27\n\n### Tasks\n- [ ] %s@zoe due:2026-12-01\n" "$words" >>people/zoe.md &&
	thread followup zoe --format email >mail &&
	check_mail mail >/dev/null &&
	thread followup zoe >md &&
	test "$(awk "length > 998" md | wc -l)" -eq 0 &&
	test "$(grep -c "^  word" md)" -ge 1 &&
	tail -n +3 md | tr -s " \n" "\n\n" | grep -c "^word" | grep -qx 300
'

test_expect_success 'a session with nothing to follow up says so' '
	zoe_repo z &&
	cd z &&
	printf "\n## 2026-11-27\n\n### Wins\n- A quiet week\n" >>people/zoe.md &&
	thread followup zoe >out &&
	tail -n 1 out | grep -qx "Nothing to follow up: the session has no decisions, open items or Next list."
'

test_expect_success 'JSON: every item with kept, the same body, words within the cap (golden)' '
	examples repo &&
	cd repo &&
	thread followup rosa --format json >rosa.json &&
	check_golden rosa.json rosa.json &&
	for p in $PEOPLE; do
		thread followup $p --format json >j &&
		thread followup $p | tail -n +3 >md-body &&
		perl -MJSON::PP -e "
			local \$/; my \$d = decode_json(<STDIN>);
			die qq(words\n) if \$d->{words} > \$d->{word_cap};
			my \$left = grep { !\$_->{kept} } @{\$d->{items}};
			die qq(left_out\n) if \$left != \$d->{left_out};
			binmode STDOUT, q(:utf8); print \$d->{body};" <j >json-body &&
		test_cmp md-body json-body || exit 1
	done
'

# An independent parser with a real RFC 5322 grammar, where there is one.
if command -v python3 >/dev/null 2>&1 && python3 -c "import email.policy" 2>/dev/null; then
test_expect_success 'Python parses each e-mail strictly, with no defects' '
	examples repo &&
	cd repo &&
	for p in $PEOPLE; do
		thread followup $p --format email >$p.eml || exit 1
	done &&
	zoe_repo z &&
	(cd z && GIT_AUTHOR_NAME="Søren Ørsted" thread followup zoe --format email) >zoe.eml &&
	python3 - $PEOPLE zoe >out <<-\EOF &&
	import sys, email.policy
	from email.parser import BytesParser
	for p in sys.argv[1:]:
	    with open(p + ".eml", "rb") as f:
	        m = BytesParser(policy=email.policy.strict).parse(f)
	    to, fr = m["To"].addresses[0], m["From"].addresses[0]
	    assert not m.defects, m.defects
	    assert m.get_content_type() == "text/plain"
	    assert m.get_content_charset() == "utf-8"
	    print(fr.display_name, fr.addr_spec, to.display_name, to.addr_spec,
	          str(m["Subject"]), m["Date"].datetime.isoformat(), sep="|")
	EOF
	grep -qx "Sam Okafor|sam@example.com|Rosa Delgado|rosa.delgado@example.com|Follow-up: our 1:1 on 2026-11-20|2026-11-20T17:00:00+00:00" out &&
	grep -qx "Søren Ørsted|sam@example.com|Zoë Ångström-Núñez|zoe@example.com|Follow-up: our 1:1 on 2026-11-20 (café walk)|2026-11-20T17:00:00+00:00" out
'
else
test_skip 'Python parses each e-mail strictly (no python3 here)'
fi

# sendmail -bv verifies addresses without sending with Sendmail and Exim,
# but Postfix mails a report for it; so only where asked.
SENDMAIL=$(command -v sendmail 2>/dev/null || ls /usr/sbin/sendmail 2>/dev/null || :)
if [ -n "$SENDMAIL" ] && [ -n "${THREAD_TEST_SENDMAIL:-}" ]; then
test_expect_success 'sendmail -t -bv takes the message' '
	examples repo &&
	cd repo &&
	thread followup rosa --format email | "$SENDMAIL" -t -bv
'
else
test_skip 'sendmail -t -bv (needs a sendmail and THREAD_TEST_SENDMAIL=1)'
fi

test_done
