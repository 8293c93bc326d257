#!/usr/bin/perl
# bench/lsp.pl THREAD_BINARY [EDITS] [SIZE]        (defaults 1000 1048576)
#
# Times thread lsp as an editor drives it: a person file of about SIZE
# bytes (sessions in the shape of examples/) is opened, then typed into
# EDITS times, one character per didChange, each answered by its
# diagnostics before the next; prints the median and the 95th percentile
# of the edit-to-diagnostics time (for the server's peak memory, run it
# with 1000 and 5000 edits to see that it stays flat: wrap the binary
# in /usr/bin/time), then the time of one didChange of 10000 changes (a
# replace-all).  It measures and
# reports; it never fails because of a slow result.
use strict;
use warnings;
use File::Temp qw(tempdir);
use IPC::Open2;
use JSON::PP;
use Time::HiRes qw(time);
use POSIX qw(WNOHANG);

my ($thread, $edits, $size) = @ARGV;
die "usage: bench/lsp.pl THREAD_BINARY [EDITS] [SIZE]\n" unless $thread;
$edits ||= 1000;
$size ||= 1 << 20;

my $dir = tempdir(CLEANUP => 1);
mkdir "$dir/people" or die;
open(my $cfg, '>', "$dir/.thread.yaml") or die;
print $cfg "me: sam\n";
close $cfg;
my $text = "---\nname: Big File\nrole: Engineer\n---\n";
my $day = 0;
while (length $text < $size) {
	my ($y, $m, $d) = (2000 + int($day / 336), 1 + int($day / 28) % 12, 1 + $day % 28);
	$text .= sprintf("\n## %04d-%02d-%02d\n\n### Wins\n- shipped the importer, on time\n\n" .
		"### Blockers\n- the staging database is flaky\n  - [x] task: \@me ask infra for a fix due:%04d-%02d-%02d\n" .
		"    Done when: staging is green a week\n\n### Tasks\n- [x] \@big write the runbook due:%04d-%02d-%02d\n" .
		"  Done when: reviewed by SRE\n\n### Next\n- the runbook review\n", $y, $m, $d, $y, $m, $d, $y, $m, $d);
	$day++;
}
open(my $f, '>', "$dir/people/big.md") or die;
print $f $text;
close $f;

my ($out, $in);
my $pid = open2($out, $in, $thread, 'lsp');
binmode $in;
binmode $out;
my $buf = '';
sub send_msg {
	my $body = JSON::PP->new->utf8->encode($_[0]);
	print $in "Content-Length: " . length($body) . "\r\n\r\n" . $body;
	$in->flush;
}
sub recv_msg {
	while ($buf !~ /\r\n\r\n/) { sysread($out, $buf, 65536, length $buf) or die "eof\n" }
	$buf =~ s/\A.*?Content-Length: (\d+)\r\n\r\n//s or die "bad frame\n";
	my $len = $1;
	while (length $buf < $len) { sysread($out, $buf, 65536, length $buf) or die "eof\n" }
	return JSON::PP->new->utf8->decode(substr($buf, 0, $len, ''));
}
my $uri = "file://$dir/people/big.md";
send_msg({ jsonrpc => '2.0', id => 1, method => 'initialize', params => { rootUri => "file://$dir" } });
recv_msg();
my $t0 = time;
send_msg({ jsonrpc => '2.0', method => 'textDocument/didOpen', params => { textDocument =>
	{ uri => $uri, version => 1, languageId => 'markdown', text => $text } } });
my $m = recv_msg();
printf "open %d bytes: %.1f ms, %d diagnostics\n", length $text, (time - $t0) * 1000,
	scalar @{$m->{params}{diagnostics}};
my @t;
# type into the middle of the file, a character at a time
my $line = int(($text =~ tr/\n//) / 2);
for my $i (1 .. $edits) {
	my $t1 = time;
	send_msg({ jsonrpc => '2.0', method => 'textDocument/didChange', params => {
		textDocument => { uri => $uri, version => $i + 1 },
		contentChanges => [ { range => { start => { line => $line, character => 0 },
			end => { line => $line, character => 0 } }, text => $i % 50 ? 'x' : "\n" } ] } });
	$m = recv_msg();
	push @t, (time - $t1) * 1000;
}
# a replace-all: one didChange of 10000 changes, top to bottom
my $lines = () = $text =~ /\n/g;
my @changes = map { my $l = int($_ * $lines / 10000);
	{ range => { start => { line => $l, character => 0 }, end => { line => $l, character => 1 } },
	  text => 'y' } } 0 .. 9999;
my $t2 = time;
send_msg({ jsonrpc => '2.0', method => 'textDocument/didChange', params => {
	textDocument => { uri => $uri, version => $edits + 2 }, contentChanges => \@changes } });
recv_msg();
my $batch = (time - $t2) * 1000;
send_msg({ jsonrpc => '2.0', id => 2, method => 'shutdown' });
recv_msg();
send_msg({ jsonrpc => '2.0', method => 'exit' });
close $in;
waitpid $pid, 0;
@t = sort { $a <=> $b } @t;
printf "%d edits: median %.1f ms, p95 %.1f ms, max %.1f ms\n", $edits,
	$t[@t / 2], $t[int(@t * 0.95)], $t[-1];
printf "one didChange of 10000 changes: %.0f ms\n", $batch;
