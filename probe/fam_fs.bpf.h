/* fam_fs.bpf.h: (being written) */
