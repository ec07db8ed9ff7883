# Pacer's agent launcher: forks and execs agents for the executor, so the Java process spawns nothing per operation.
# Requests on stdin, fields ended by NUL: ID, STDIN-FILE, STDOUT-FILE, STDERR-FILE, ARGC, ARGV..., ENVC, NAME=VALUE...
# Replies on stdout, one line each: "started ID PID", "exited ID STATUS" (128+N for signal N), "failed ID REASON".
# Each agent gets a session (and process group) of its own; its argument vector is exec'd directly, never by a shell.
use strict;
use warnings;
use POSIX qw(setsid :sys_wait_h :signal_h);

$| = 1;
$/ = "\0";
my %ids;
my $chld = POSIX::SigSet->new(SIGCHLD);

sub reap {
    while ((my $pid = waitpid(-1, WNOHANG)) > 0) {
        my $status = $?;
        my $code = ($status & 127) ? 128 + ($status & 127) : ($status >> 8);
        my $id = delete $ids{$pid};
        print "exited $id $code\n" if defined $id;
    }
}
$SIG{CHLD} = \&reap;

sub field {
    my $value = <STDIN>;
    die "end of requests\n" unless defined $value;
    chomp $value;
    return $value;
}

while (1) {
    my ($id, $in, $out, $err, @argv, %env);
    eval {
        $id = field();
        ($in, $out, $err) = (field(), field(), field());
        my $argc = field();
        push @argv, field() for 1 .. $argc;
        my $envc = field();
        for (1 .. $envc) {
            my ($name, $value) = split /=/, field(), 2;
            $env{$name} = $value;
        }
        1;
    } or last;
    sigprocmask(SIG_BLOCK, $chld);
    my $pid = fork();
    if (!defined $pid) {
        sigprocmask(SIG_UNBLOCK, $chld);
        print "failed $id fork: $!\n";
        next;
    }
    if ($pid == 0) {
        $SIG{CHLD} = 'DEFAULT';
        sigprocmask(SIG_UNBLOCK, $chld);
        setsid();
        open(STDIN, '<', $in) or POSIX::_exit(126);
        open(STDOUT, '>', $out) or POSIX::_exit(126);
        open(STDERR, '>', $err) or POSIX::_exit(126);
        %ENV = %env;
        { exec { $argv[0] } @argv; }
        print STDERR "cannot run $argv[0]: $!\n";
        POSIX::_exit(127);
    }
    $ids{$pid} = $id;
    print "started $id $pid\n";
    sigprocmask(SIG_UNBLOCK, $chld);
}
# No more requests: report the agents still running as they end, then leave.
$SIG{CHLD} = 'DEFAULT';
while (keys %ids) {
    my $pid = waitpid(-1, 0);
    last if $pid <= 0;
    my $status = $?;
    my $code = ($status & 127) ? 128 + ($status & 127) : ($status >> 8);
    my $id = delete $ids{$pid};
    print "exited $id $code\n" if defined $id;
}
