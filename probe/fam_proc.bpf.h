/* fam_proc.bpf.h: (being written) */
