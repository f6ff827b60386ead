/* arch.bpf.h: where this architecture keeps a syscall's number and arguments.
 * Everything else in the probe reads them through these two helpers. */
#ifndef WTF_ARCH_BPF_H
#define WTF_ARCH_BPF_H

#if defined(__TARGET_ARCH_x86)
static __always_inline long arch__syscall_nr(struct pt_regs *regs)
{
	return regs->orig_ax;
}

/* Arguments survive in pt_regs until the syscall returns. */
static __always_inline unsigned long arch__syscall_arg(struct pt_regs *regs, int i)
{
	switch (i) {
	case 0: return regs->di;
	case 1: return regs->si;
	case 2: return regs->dx;
	case 3: return regs->r10;
	case 4: return regs->r8;
	case 5: return regs->r9;
	}
	return 0;
}
#elif defined(__TARGET_ARCH_arm64)
static __always_inline long arch__syscall_nr(struct pt_regs *regs)
{
	return regs->syscallno;
}

/* x0 is overwritten by the return value; its original is kept in orig_x0. */
static __always_inline unsigned long arch__syscall_arg(struct pt_regs *regs, int i)
{
	if (i == 0)
		return regs->orig_x0;
	return i < 6 ? regs->regs[i] : 0;
}
#else
#error "wtftop: no syscall register table for this architecture"
#endif

#endif
