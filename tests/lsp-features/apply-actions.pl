#!/usr/bin/perl
# apply-actions.pl FILE < ANSWER: apply each code action of a codeAction
# answer (one JSON message, as lsp-driver.pl prints it) to a fresh copy
# of FILE (ASCII, so UTF-16 columns are bytes), and print, per action,
# its title and `diff` of the copy against FILE: what the action changes.
use strict;
use warnings;
use JSON::PP;

my $file = shift;
my $msg = JSON::PP->new->decode(scalar <STDIN>);
open(my $f, '<', $file) or die "$file: $!\n";
my @orig = <$f>;
close $f;
my $n = 0;
for my $a (@{ $msg->{result} }) {
	my @lines = @orig;
	for my $edits (values %{ $a->{edit}{changes} }) {
		# from the bottom up, as the protocol's edits do not overlap
		for my $e (sort { $b->{range}{start}{line} <=> $a->{range}{start}{line} ||
				  $b->{range}{start}{character} <=> $a->{range}{start}{character} } @$edits) {
			my ($s, $t) = ($e->{range}{start}, $e->{range}{end});
			my $text = join('', @lines);
			my $off = sub { my $p = shift; my $o = 0;
				$o += length $lines[$_] for 0 .. $p->{line} - 1; $o + $p->{character} };
			substr($text, $off->($s), $off->($t) - $off->($s)) = $e->{newText};
			@lines = split /(?<=\n)/, $text;
		}
	}
	$n++;
	open(my $o, '>', "$file.$n") or die;
	print $o @lines;
	close $o;
	print "== $a->{title}\n";
	print `diff $file $file.$n`;
}
