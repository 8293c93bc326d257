# repo.sh - sourced by t0992: the repository its sessions expect, and
# open_line, which writes the "send" line of a didOpen of a file of it.
# The repository of t0992: Sam's team, Alice's file as in thread(5)
# EXAMPLES, trimmed, with a flaw for each quick fix.
feature_repo() {
	mkdir -p repo/people repo/transcripts/alice &&
	printf "me: sam\npeople:\n  dave: Dave Kowalski\nescalate_after: 2\n" >repo/.thread.yaml &&
	cat >repo/people/bob.md <<-\EOF2 &&
	---
	name: Bob Li
	role: Staff Engineer
	tags: [payments]
	---

	## 2026-11-19

	### Tasks
	- [ ] Land the ledger rewrite @bob due:2026-11-25 #payments
	  Done when: the old ledger is off
	- [x] Close the audit ticket @bob due:2026-11-18
	  Done when: the ticket is closed

	### Private
	- [ ] Talk about the reorg @me due:2026-11-30 #reorg
	  Done when: bob has heard it from me

	### Next
	- the ledger
	EOF2
	cat >repo/transcripts/alice/2026-11-20.txt <<-\EOF2 &&
	[00:00:05] Sam Okafor: How did the migration go?
	[00:00:09] Alice Chen: Zero downtime, we shipped it Tuesday.
	[00:00:15] Sam Okafor: Great. What is blocking you now?
	[00:00:20] Alice Chen: I still have no prod DB access from infra.
	[00:00:31] Sam Okafor: I will ask Dave to grant you read access by Monday.
	[00:00:40] Alice Chen: I will write the rollback runbook by Friday.
	EOF2
	cat >repo/people/alice.md <<-\EOF2 &&
	---
	name: Alice Chen
	role: Senior Engineer
	cadence: weekly
	consent: recorded
	tags: [platform, billing]
	---

	## 2026-11-20
	Transcript: transcripts/alice/2026-11-20.txt

	### Review
	- Open task: Land the ledger rewrite (@bob, due 2026-11-25) at people/bob.md:10

	### Wins
	- Shipped the billing migration with zero downtime [t:1-2]

	### Blockers
	- Waiting on prod DB access from infra #access [t:4]

	### Asks
	- [ ] Grant prod read access for alice @dave due:2026-11-24 [t:5]
	  Done when: alice can query the prod replica

	### Tasks
	- [ ] Write the rollback runbook @alcie due:2026-11-27
	- [ ] Reply to the survey @alice due:2026-11-23 [t:3] (draft)
	  Done when: the survey is in

	### Next
	- the access ask
	EOF2
	cat >repo/people/carol.md <<-\EOF2 &&
	---
	name: Carol Diaz
	---

	## 2026-11-13

	### Next
	- How did the cutover go?

	## 2026-11-20

	### Review
	- Next (from 2026-11-13): How did the cutover go?

	### Priorities
	- [ ] Finish the migration cleanup @carol due:2026-11-27

	EOF2
	ROOT=$(cd repo && pwd -P) && export ROOT
}

# "send" a didOpen of REL with the text of that file.
open_line() {
	perl -MJSON::PP -e '
		local $/; open(my $f, "<:raw", "$ENV{ROOT}/$ARGV[0]") or die; my $t = <$f>;
		utf8::decode($t);
		print "send ", JSON::PP->new->canonical->encode({ jsonrpc => "2.0",
			method => "textDocument/didOpen", params => { textDocument => {
			uri => "file://\$ROOT/$ARGV[0]", languageId => "markdown",
			version => 1, text => $t } } }), "\n";' "$1"
}
