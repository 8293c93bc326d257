#!/usr/bin/perl
# gen-history.pl REPO-DIR OUT-DIR: replay the person files of REPO-DIR (made
# by gen-repo) as one closeout commit per session, in date order, into a new
# git repository OUT-DIR, through git fast-import (thousands of commits in
# seconds).  Each commit holds the person's file up to that session, with
# the session's own items still open: they are checked off at the next one.
use strict;
use warnings;
use Time::Local qw(timegm);

my ($src, $out) = @ARGV;
die "usage: gen-history.pl REPO-DIR OUT-DIR\n" unless $src && $out;
my (@events, %head, %sessions);

for my $file (sort glob("$src/people/*.md")) {
    my ($handle) = $file =~ m{([^/]+)\.md$};
    open my $fh, '<', $file or die "$file: $!\n";
    my @lines = <$fh>;
    close $fh;
    my ($cur, @s) = (undef);
    my @h;
    for my $l (@lines) {
        if ($l =~ /^## (\d{4}-\d\d-\d\d)/) {
            push @s, { date => $1, lines => [] };
        }
        if (@s) { push @{ $s[-1]{lines} }, $l } else { push @h, $l }
    }
    $head{$handle} = join '', @h;
    $sessions{$handle} = \@s;
    push @events, [ $s[$_]{date}, $handle, $_ ] for 0 .. $#s;
}
@events = sort { $a->[0] cmp $b->[0] or $a->[1] cmp $b->[1] } @events;

open my $fi, '|-', 'git', '-C', $out, 'fast-import', '--quiet' or die "fast-import: $!\n";
binmode $fi;
my $mark = 0;
for my $e (@events) {
    my ($date, $handle, $k) = @$e;
    my $s = $sessions{$handle};
    my $text = $head{$handle};
    $text .= join '', @{ $s->[$_]{lines} } for 0 .. $k - 1;
    (my $last = join '', @{ $s->[$k]{lines} }) =~ s/^(\s*- )\[[xX]\]/$1\[ \]/mg;
    $text .= $last;
    my ($y, $m, $d) = split /-/, $date;
    my $when = timegm(0, 0, 17, $d, $m - 1, $y);
    my $msg = "closeout: $handle $date\n\nThread-Person: $handle\nThread-Session: $date\n";
    $mark++;
    print $fi "commit refs/heads/main\n";
    print $fi "author Sam Okafor <sam\@example.com> $when +0000\n";
    print $fi "committer Sam Okafor <sam\@example.com> $when +0000\n";
    printf $fi "data %d\n%s", length($msg), $msg;
    print $fi "M 100644 inline people/$handle.md\n";
    printf $fi "data %d\n%s\n", length($text), $text;
}
close $fi or die "fast-import failed\n";
print scalar(@events), "\n";
