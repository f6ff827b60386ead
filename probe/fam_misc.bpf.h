/* fam_misc.bpf.h: (being written) */
