#!/usr/bin/perl
# lint-json-to-lsp.pl ROOT - read `thread lint --format json` on stdin and
# print each finding as an LSP client sees it, one a line, sorted:
#     FILE LINE0 UTF16COL SEVERITY RULE MESSAGE
# LINE0 is 0-based; the column is counted in UTF-16 units up to lint's
# byte column, from the file's own bytes.  With --lsp, read the driver's
# printed publishDiagnostics instead (the last for each file) and print the
# same lines from them.
use strict;
use warnings;
use JSON::PP;

my $lsp = $ARGV[0] eq '--lsp' ? shift : 0;
my $root = shift;
my @out;
my %sev = (error => 1, warning => 2);

sub utf16_col {
	my ($file, $line, $col) = @_;
	open(my $f, '<:raw', "$root/$file") or die "$root/$file: $!";
	my @lines = split /\r\n|\r|\n/, do { local $/; <$f> }, -1;
	my $bytes = substr($lines[$line - 1] // '', 0, $col - 1);
	utf8::decode($bytes) or die "$file:$line is not UTF-8";
	my $units = 0;
	$units += ord($_) > 0xffff ? 2 : 1 for split //, $bytes;
	return $units;
}

if ($lsp) {
	my %last;
	while (my $l = <STDIN>) {
		my $m = JSON::PP->new->utf8->decode($l);
		next unless ($m->{method} // '') eq 'textDocument/publishDiagnostics';
		$last{$m->{params}{uri}} = $m->{params}{diagnostics};
	}
	for my $uri (keys %last) {
		(my $file = $uri) =~ s{^file://\Q$root\E/}{};
		$file =~ s/%([0-9A-F]{2})/chr hex $1/ge;
		for my $d (@{$last{$uri}}) {
			my $s = $d->{range}{start};
			push @out, join ' ', $file, $s->{line}, $s->{character},
				$d->{severity}, $d->{code}, $d->{message};
		}
	}
} else {
	my $j = JSON::PP->new->utf8->decode(do { local $/; <STDIN> });
	for my $d (@{$j->{diagnostics}}) {
		push @out, join ' ', $d->{file}, $d->{line} - 1,
			utf16_col($d->{file}, $d->{line}, $d->{column}),
			$sev{$d->{severity}}, $d->{rule}, $d->{message};
	}
}
binmode STDOUT, ':utf8' if $lsp;
print "$_\n" for sort @out;
