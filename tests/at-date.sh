#!/bin/sh
# Runs a test with the system's clock moved: at-date.sh FAKETIME DATE PROGRAM ARGS...
#
# Debian's faketime wrapper names its semaphore and shared memory after
# its own process id and refuses to start ("sem_open: File exists") when
# an earlier run that was killed left them in /dev/shm. After exec this
# shell's id is the wrapper's, so files with that id belong to no running
# process and are removed first.
faketime="$1"
shift
rm -f "/dev/shm/sem.faketime_sem_$$" "/dev/shm/faketime_shm_$$"
exec "$faketime" "$@"
