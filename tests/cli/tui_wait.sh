#!/bin/sh
# A screen that waits for the database says so (issue 13): while another
# writer holds the writers' queue, an approval made on the screen waits in
# the queue and the status line counts the seconds waited
# ("waiting for the database… N s"), never a silent hang; once the queue
# moves, the approval goes in once. The holder is not adminflow (python's
# fcntl on the queue byte, as in writer_queue.sh), in the real terminal.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/lib_engine.sh"
TMUX_NEEDS="sqlite3 python3"
. "$srcdir/tests/lib_tmux.sh"

num=$(as zhangsan submit express recipient=张三 phone=1 address=北京 weight=7)
is "a request waits for liuyang (express: the admin office)" "$(state_of "$num")" pending


start ls liuyang 80 24
expect "liuyang's session starts" ls 'adminflow │ home'
keys ls i
expect "liuyang's inbox lists the request" ls "^  $num "
keys ls Enter
expect "liuyang opens the request" ls "^ number +$num"
hold 12
keys ls a
expect "the opinion prompt" ls '^opinion: '
keys ls Enter
expect "while the queue stands still, the status line counts the seconds" ls 'waiting for the database… [0-9]+ s'
wait $HOLDER
expect "once it moves, the approval goes in" ls "$num: approve ok"
is "approved once" "$(q "SELECT count(*) FROM tasks t JOIN requests r ON r.id = t.request_id
	WHERE r.number = '$num' AND t.state = 'approved'")" 1
done_testing
