/* syscall_tp.h: the kernel's per-syscall enter tracepoints
 * (syscalls:sys_enter_<name>), found in tracefs. */
#ifndef WTF_SYSCALL_TP_H
#define WTF_SYSCALL_TP_H

#include <stddef.h>

/* The tracepoint ids of the enters of the `n` syscalls `names` (as the
 * syscall table names them) into ids, 0 for one the kernel has no
 * tracepoint for. Mounts tracefs for the time of the look-up when it is not
 * mounted (it then goes again). 0, or a negative errno when there is no
 * tracefs to read. */
int syscall_tp_enter_ids(const char *const *names, size_t n, int *ids);

#endif
