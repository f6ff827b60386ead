/* arch.bpf.h: where this architecture keeps a syscall's number and arguments.
 * Everything else in the probe reads them through these two helpers. */
#ifndef WTF_ARCH_BPF_H
#define WTF_ARCH_BPF_H

#if defined(__TARGET_ARCH_x86)
/* The start of x86_64's register frame. Its layout is the kernel's ABI
 * (ptrace's user_regs_struct has the same), so it is read without CO-RE:
 * a relocation per access, in every handler, was 40% of those libbpf
 * resolves at load. Declared here, outside vmlinux.h's
 * preserve_access_index, on purpose. */
struct wtf_x86_64_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx, dx, si, di, orig_ax;
};

#define X86_REGS(regs) ((const struct wtf_x86_64_regs *)(regs))

static __always_inline long arch__syscall_nr(struct pt_regs *regs)
{
	return X86_REGS(regs)->orig_ax;
}

/* Arguments survive in pt_regs until the syscall returns. */
static __always_inline unsigned long arch__syscall_arg(struct pt_regs *regs, int i)
{
	switch (i) {
	case 0: return X86_REGS(regs)->di;
	case 1: return X86_REGS(regs)->si;
	case 2: return X86_REGS(regs)->dx;
	case 3: return X86_REGS(regs)->r10;
	case 4: return X86_REGS(regs)->r8;
	case 5: return X86_REGS(regs)->r9;
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
