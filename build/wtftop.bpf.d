build/wtftop.bpf.o: probe/wtftop.bpf.c build/vmlinux.h probe/wtf_event.h \
  probe/arch.bpf.h probe/maps.bpf.h probe/store.bpf.h \
  probe/extract.bpf.h probe/handler.bpf.h probe/fam_file.bpf.h \
  probe/fam_fs.bpf.h probe/fam_proc.bpf.h probe/fam_net.bpf.h \
  probe/fam_misc.bpf.h

build/vmlinux.h:

probe/wtf_event.h:

probe/arch.bpf.h:

probe/maps.bpf.h:

probe/store.bpf.h:

probe/extract.bpf.h:

probe/handler.bpf.h:

probe/fam_file.bpf.h:

probe/fam_fs.bpf.h:

probe/fam_proc.bpf.h:

probe/fam_net.bpf.h:

probe/fam_misc.bpf.h:
