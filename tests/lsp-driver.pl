#!/usr/bin/perl
# lsp-driver.pl - play a scripted session with a language server and check
# its answers exactly.
#
#     perl lsp-driver.pl SCRIPT COMMAND [ARGS...]
#
# The script is read line by line; blank lines and lines starting with #
# are skipped.  $ROOT in a line is replaced by the environment's ROOT (a
# repository's absolute path, for file:// URIs), $OUTSIDE by OUTSIDE, and {{TEXT*N}} by TEXT
# repeated N times (for huge buffers).
#
#     send JSON      frame the message (Content-Length) and write it
#     raw PERLSTRING write bytes as they are, "\r\n" escapes and all
#                    (a broken frame): the text is a Perl double-quoted string
#     recv JSON      the next message from the server must be this one:
#                    compared as data (key order and spacing do not matter,
#                    nothing else is normalised; ids are ours, so they match)
#     open REL       didOpen file://$ROOT/REL with the text of that file
#                    (version 1; .yaml files as yaml, others as markdown)
#     print N        read N messages and print each on stdout, one a line,
#                    as canonical JSON, unchecked (the caller checks them)
#     close          close the server's input (end of file)
#     exit N         close its input; it must exit with status N, having
#                    sent nothing more
#
# With LSP_DRIVER_DUMP=1 a recv prints what came, as a recv line, and goes
# on: for writing a script, whose every answer is then checked by hand.
#
# Every read waits at most 10 s: a server that hangs fails the session.
# Exit status 0 when the whole session matched, 1 (with what differed on
# stderr) otherwise.
use strict;
use warnings;
use IPC::Open2;
use IO::Select;
use JSON::PP;

my ($script, @cmd) = @ARGV;
die "usage: lsp-driver.pl SCRIPT COMMAND...\n" unless $script && @cmd;
my $json = JSON::PP->new->canonical->allow_nonref;
my ($out, $in);
my $pid = open2($out, $in, @cmd);
binmode $out;
binmode $in;
my $buf = '';
my $sel = IO::Select->new($out);
my $eof = 0;
my $lineno = 0;

sub fail {
	print STDERR "$script:$lineno: @_\n";
	kill 'TERM', $pid;
	waitpid $pid, 0;
	exit 1;
}

# Read more of the server's output; 0 at its end.
sub more {
	return 0 if $eof;
	fail("no answer from the server in 10 s") unless $sel->can_read(10);
	my $n = sysread($out, $buf, 65536, length $buf);
	fail("read: $!") unless defined $n;
	$eof = 1 unless $n;
	return $n;
}

# The next framed message, decoded, or undef at the end of output.
sub next_message {
	flush_pending();
	while ($buf !~ /\r\n\r\n/) {
		return undef unless more();
	}
	$buf =~ s/\A(.*?)\r\n\r\n//s;
	my $head = $1;
	fail("a frame without Content-Length: $head") unless $head =~ /^Content-Length: (\d+)$/mi;
	my $len = $1;
	while (length $buf < $len) {
		fail("the output ended inside a message") unless more();
	}
	my $body = substr($buf, 0, $len, '');
	my $msg = eval { JSON::PP->new->utf8->decode($body) };
	fail("not JSON: $body") unless defined $msg;
	return $msg;
}

# What send and raw write is gathered and written at once before the next
# read, so that a burst of lines reaches the server as one write (as an
# editor's burst of edits does).
my $pending = '';
sub write_all {
	$pending .= $_[0];
}
sub flush_pending {
	my $bytes = $pending;
	$pending = '';
	local $SIG{PIPE} = 'IGNORE';
	my $off = 0;
	while ($off < length $bytes) {
		my $n = syswrite($in, $bytes, length($bytes) - $off, $off);
		fail("write: $!") unless defined $n;
		$off += $n;
	}
}

sub expand {
	my ($s) = @_;
	my ($root, $outside) = ($ENV{ROOT} // '', $ENV{OUTSIDE} // '');
	$s =~ s/\$ROOT/$root/g;
	$s =~ s/\$OUTSIDE/$outside/g;
	$s =~ s/\{\{(.*?)\*(\d+)\}\}/$1 x $2/ge;
	return $s;
}

open(my $fh, '<', $script) or die "$script: $!\n";
while (my $line = <$fh>) {
	$lineno++;
	chomp $line;
	next if $line =~ /^\s*(#|$)/;
	my ($verb, $arg) = $line =~ /^(\w+)\s*(.*)$/ or fail("cannot read: $line");
	$arg = expand($arg);
	if ($verb eq 'send') {
		# sent as written (UTF-8 bytes); a huge one is not checked, as
		# JSON::PP would take seconds
		eval { JSON::PP->new->utf8->decode($arg) } or fail("not JSON: $@")
			if length $arg < 65536;
		write_all("Content-Length: " . length($arg) . "\r\n\r\n" . $arg);
	} elsif ($verb eq 'raw') {
		my $bytes = eval "\"$arg\"";
		fail("raw: $@") if $@;
		write_all($bytes);
	} elsif ($verb eq 'recv') {
		my $want = $json->decode($arg);
		my $got = next_message();
		fail("expected $arg\n  but the output ended") unless defined $got;
		my ($w, $g) = ($json->encode($want), $json->encode($got));
		if ($ENV{LSP_DRIVER_DUMP}) {
			print "recv $g\n";
			next;
		}
		fail("expected $w\n       got $g") unless $w eq $g;
	} elsif ($verb eq 'open') {
		my $root = $ENV{ROOT} // '';
		open(my $f, '<:raw', "$root/$arg") or fail("$root/$arg: $!");
		my $text = do { local $/; <$f> };
		close $f;
		utf8::decode($text) or fail("$arg is not UTF-8");
		(my $uri = "$root/$arg") =~ s/([^A-Za-z0-9\-._~\/])/sprintf("%%%02X", ord $1)/ge;
		my $body = JSON::PP->new->utf8->canonical->encode({ jsonrpc => '2.0',
			method => 'textDocument/didOpen',
			params => { textDocument => { uri => "file://$uri", version => 1,
				languageId => $arg =~ /\.yaml$/ ? 'yaml' : 'markdown',
				text => $text } } });
		write_all("Content-Length: " . length($body) . "\r\n\r\n" . $body);
	} elsif ($verb eq 'print') {
		for (1 .. $arg) {
			my $got = next_message();
			fail("the output ended") unless defined $got;
			print $json->encode($got), "\n";
		}
	} elsif ($verb eq 'close') {
		flush_pending();
		close $in;
	} elsif ($verb eq 'exit') {
		flush_pending();
		close $in;
		my $extra = next_message();
		fail("unexpected message: " . $json->encode($extra)) if defined $extra;
		waitpid $pid, 0;
		my $status = $? & 127 ? "signal " . ($? & 127) : $? >> 8;
		fail("exit status $status, expected $arg") unless "$status" eq $arg;
		exit 0;
	} else {
		fail("unknown verb '$verb'");
	}
}
fail("the script has no exit line");
