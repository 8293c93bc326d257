#!/usr/bin/perl
# bench/lsp-complete.pl THREAD_BINARY [PEOPLE] [SIZE] [ROUNDS]
#                                    (defaults 200 1048576 50)
#
# Times thread lsp's completion (issue 16: "within 20 ms") as an editor
# asks for it: a repository of PEOPLE person files of a few sessions
# each, and one person file of about SIZE bytes open in the editor, with
# a line typed at its end; then each kind of completion - after '@',
# '#', due:, "### " and on the line under an item - is asked ROUNDS
# times, and the median and 95th percentile of the request-to-answer
# time printed per kind, and the server's CPU time a request (the
# machine may be busy).  The first '@' reads the team; it is shown apart.  It measures and reports; it never fails
# because of a slow result.
use strict;
use warnings;
use File::Temp qw(tempdir);
use IPC::Open2;
use JSON::PP;
use POSIX ();
use Time::HiRes qw(time);

my ($thread, $people, $size, $rounds) = @ARGV;
die "usage: bench/lsp-complete.pl THREAD_BINARY [PEOPLE] [SIZE] [ROUNDS]\n" unless $thread;
$people ||= 200;
$size ||= 1 << 20;
$rounds ||= 50;

sub write_file {
	my ($path, $text) = @_;
	open(my $f, '>', $path) or die "$path: $!\n";
	print $f $text;
	close $f;
}

sub session {
	my ($day, $who) = @_;
	my ($y, $m, $d) = (2000 + int($day / 336), 1 + int($day / 28) % 12, 1 + $day % 28);
	my $date = sprintf("%04d-%02d-%02d", $y, $m, $d);
	return "\n## $date\n\n### Wins\n- shipped the importer, on time #delivery\n\n" .
		"### Blockers\n- the staging database is flaky #infra\n  - [x] task: \@me ask infra for a fix due:$date\n" .
		"    Done when: staging is green a week\n\n### Tasks\n- [x] \@$who write the runbook due:$date #ops-" . ($day % 40) . "\n" .
		"  Done when: reviewed by SRE\n\n### Next\n- the runbook review\n";
}

my $dir = tempdir(CLEANUP => 1);
mkdir "$dir/people" or die;
write_file("$dir/.thread.yaml", "me: sam\n");
for my $i (1 .. $people) {
	my $h = sprintf("p%03d", $i);
	write_file("$dir/people/$h.md", "---\nname: Person $i\nrole: Engineer\ntags: [team-" . ($i % 10) . "]\n---\n" .
		join('', map { session($_, $h) } 1 .. 4));
}
my $text = "---\nname: Big File\nrole: Engineer\n---\n";
my $day = 0;
$text .= session($day++, 'big') while length $text < $size;
write_file("$dir/people/big.md", $text);

my ($out, $in);
my $pid = open2($out, $in, $thread, 'lsp');
binmode $in;
binmode $out;
my $buf = '';
my $id = 0;
sub send_msg {
	my $body = JSON::PP->new->utf8->encode($_[0]);
	print $in "Content-Length: " . length($body) . "\r\n\r\n" . $body;
	$in->flush;
}
# The next message's body, undecoded: JSON::PP takes longer to decode a
# long answer than the server to write it, and is not timed.
sub recv_raw {
	while ($buf !~ /\r\n\r\n/) { sysread($out, $buf, 65536, length $buf) or die "eof\n" }
	$buf =~ s/\A.*?Content-Length: (\d+)\r\n\r\n//s or die "bad frame\n";
	my $len = $1;
	while (length $buf < $len) { sysread($out, $buf, 65536, length $buf) or die "eof\n" }
	return substr($buf, 0, $len, '');
}
# The answer to request $id, past any notification, undecoded.
sub answer {
	my ($want) = @_;
	while (1) {
		my $m = recv_raw();
		return $m if $m =~ /"id":\s*$want\b/ && $m !~ /"method"/;
	}
}

my $uri = "file://$dir/people/big.md";
send_msg({ jsonrpc => '2.0', id => ++$id, method => 'initialize',
	   params => { rootUri => "file://$dir", capabilities => {} } });
answer($id);
send_msg({ jsonrpc => '2.0', method => 'textDocument/didOpen', params => { textDocument => {
	uri => $uri, languageId => 'markdown', version => 1, text => $text } } });
my $lines = () = $text =~ /\n/g;
my $typed = "### Tasks\n- [ ] the new one \@ #t due:fri\n\n### \n";
send_msg({ jsonrpc => '2.0', method => 'textDocument/didChange', params => {
	textDocument => { uri => $uri, version => 2 },
	contentChanges => [ { range => { start => { line => $lines, character => 0 },
					 end => { line => $lines, character => 0 } }, text => $typed } ] } });
my %at = ('@handle' => [ $lines + 1, 19 ], '#tag' => [ $lines + 1, 22 ],
	  'due:fri' => [ $lines + 1, 30 ], '### section' => [ $lines + 3, 4 ],
	  'Done when:' => [ $lines + 2, 0 ]);
printf "%d people, the open file %d bytes, %d rounds each\n", $people, length $text, $rounds;
# The server's CPU time so far, in ms (/proc: the machine may be busy
# with other work, which the wall clock counts and this does not).
sub cpu_ms {
	open(my $f, '<', "/proc/$pid/stat") or return 0;
	my @f = split ' ', (<$f> =~ s/^.*\) //r);
	return ($f[11] + $f[12]) * 1000 / POSIX::sysconf(POSIX::_SC_CLK_TCK());
}
for my $kind ('@handle', '#tag', 'due:fri', '### section', 'Done when:') {
	my @t;
	my $n = 0;
	my $cpu = cpu_ms();
	for (1 .. $rounds) {
		my $t0 = time;
		send_msg({ jsonrpc => '2.0', id => ++$id, method => 'textDocument/completion', params => {
			textDocument => { uri => $uri },
			position => { line => $at{$kind}[0], character => $at{$kind}[1] } } });
		my $raw = answer($id);
		push @t, (time - $t0) * 1000;
		printf "%-12s the first, the team read: %.2f ms\n", $kind, $t[0] if @t == 1 && $kind =~ /^(\@|#t)/;
		$n = scalar @{ JSON::PP->new->utf8->decode($raw)->{result} || [] };
	}
	@t = sort { $a <=> $b } @t;
	printf "%-12s %4d items  median %7.2f ms  p95 %7.2f ms  CPU %6.2f ms a request\n", $kind, $n,
		$t[int(@t / 2)], $t[int(@t * 0.95)], (cpu_ms() - $cpu) / $rounds;
}
send_msg({ jsonrpc => '2.0', id => ++$id, method => 'shutdown' });
answer($id);
send_msg({ jsonrpc => '2.0', method => 'exit' });
waitpid $pid, 0;
