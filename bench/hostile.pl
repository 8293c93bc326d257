#!/usr/bin/perl
# hostile.pl DIR: a thread repository whose person files are each about
# 1 MB of one shape known to make Markdown or YAML readers slow (cmark's
# own pathological tests, CVE-2023-22486, libyaml's anchors and deep flow),
# plus a 10 MB file of ordinary notes, for make bench.
use strict;
use warnings;

my $dir = shift or die "usage: hostile.pl DIR\n";
mkdir $dir; mkdir "$dir/people";
open my $c, '>', "$dir/.thread.yaml" or die; print $c "me: sam\n"; close $c;
my $MB = 1 << 20;
my $head = "---\nname: Hostile\n---\n\n## 2026-11-20\n\n### Wins\n- ";
my %shape = (
    'brackets-cve'    => sub { '![[]()' x ($MB / 6) },
    'open-brackets'   => sub { '[' x $MB },
    'nested-emphasis' => sub { ('*a **a ' x ($MB / 14)) . ('** a*' x ($MB / 14)) },
    'emphasis-runs'   => sub { '*a_ ' x ($MB / 4) },
    'backticks'       => sub { join '', map { '`' x ($_ % 50 + 1) . 'x' } 1 .. $MB / 26 },
    'unclosed-links'  => sub { '[a](' x ($MB / 4) },
    'link-refs'       => sub { "\n\n" . join('', map { "[r$_]: /u$_\n" } 1 .. $MB / 12) . ("[r1] " x 1000) },
    'nested-quotes'   => sub { "\n\n" . ('> ' x 20000) . "x\n" x ($MB / 40002 + 1) },
    'nested-lists'    => sub { "\n\n" . join('', map { ('  ' x $_) . "- x\n" } 0 .. 700) x 3 },
    'html-comments'   => sub { '<!-- ' x ($MB / 5) },
    'autolinks'       => sub { '<a' x ($MB / 2) },
);
for my $name (sort keys %shape) {
    open my $f, '>', "$dir/people/$name.md" or die;
    print $f $head, $shape{$name}->(), "\n";
    close $f;
}
# YAML: anchors, deep flow, and a huge front matter (refused by size)
my %yaml = (
    'yaml-anchors'   => join('', map { "k$_: &a$_ v$_\n" } 1 .. 3000),
    'yaml-deep-flow' => 'k: ' . ('[' x 30000) . "\n",
    'yaml-huge'      => join('', map { "k$_: " . ('v' x 90) . "\n" } 1 .. 11000),
);
for my $name (sort keys %yaml) {
    open my $f, '>', "$dir/people/$name.md" or die;
    print $f "---\n$yaml{$name}---\n\n## 2026-11-20\n\n### Next\n- x\n";
    close $f;
}
# 10 MB of ordinary notes: one person's sessions, again and again
open my $f, '>', "$dir/people/ordinary-10mb.md" or die;
print $f "---\nname: Ordinary\n---\n\n";
my $day = 0;
while (tell($f) < 10 * $MB) {
    my ($y, $m, $d) = (2000 + int($day / 360), 1 + int($day % 360 / 30), 1 + $day % 30 % 28);
    printf $f "## %04d-%02d-%02d\n\n### Wins\n- Shipped the migration [t:1]\n\n"
      . "### Tasks\n- [x] Write the runbook \@ordinary due:%04d-%02d-%02d\n  Done when: reviewed\n\n"
      . "### Next\n- The runbook\n\n", $y, $m, $d, $y, $m, $d;
    $day++;
}
close $f;
