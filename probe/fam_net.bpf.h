/* fam_net.bpf.h: (being written) */
