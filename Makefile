# wtftop: one Makefile, out-of-tree build in $(O) (default build/).
#   make            build           make deps     install missing Debian packages
#   make run        deps+build+run  make test     deps+build+every test
#   make bench      benchmarks      make install  PREFIX=/usr/local DESTDIR=
#   make SANITIZE=1 ASan/UBSan      make V=1      full commands
.DELETE_ON_ERROR:
.SUFFIXES:

O ?= build
PREFIX ?= /usr/local
DESTDIR ?=
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux
# A pinned vmlinux.h may be given instead of generating one from BTF.
VMLINUX_H ?=

CC ?= cc
CLANG ?= clang
BPFTOOL ?= bpftool
ARCH := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')

ifeq ($(V),1)
Q :=
msg :=
else
Q := @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

PKGS := libbpf libelf zlib ncursesw lua5.4 yaml-0.1
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN := -Wall -Wextra -Wshadow -Wno-unused-parameter -Wno-missing-field-initializers
ifeq ($(CI),true)
WARN += -Werror
endif
CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 $(WARN) -D_GNU_SOURCE -I$(O) -Isrc -Iprobe $(PKG_CFLAGS) -MMD -MP
# where chisels are installed: the last directory of the chisel search path
CHISEL_CFLAGS = -DWTFTOP_CHISELS_DIR='"$(PREFIX)/share/wtftop/chisels"'
$(O)/obj/lua/chisel.o: CFLAGS += $(CHISEL_CFLAGS)
# where views are installed: the last directory of the view search path
$(O)/obj/ui/view.o: CFLAGS += -DWTFTOP_VIEWS_DIR='"$(PREFIX)/share/wtftop/views"'
LDLIBS += $(PKG_LIBS) -lm -lpthread
ifeq ($(SANITIZE),1)
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
endif

# BPF CPU v3 (atomics from kernel 5.12; bpf_loop, which the probe uses, is 5.17): the
# rings' guard is one exchange (store__ring_take)
BPF_CFLAGS := -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_$(ARCH) -D__BPF__ -I$(O) -Iprobe -Wall -Wno-unused-function

# ---- sources --------------------------------------------------------------
LIB_SRCS := $(sort $(wildcard src/*/*.c))
MAIN_SRCS := src/main.c
LIB_OBJS := $(patsubst src/%.c,$(O)/obj/%.o,$(LIB_SRCS))
MAIN_OBJS := $(patsubst src/%.c,$(O)/obj/%.o,$(MAIN_SRCS))
BPF_SRC := probe/wtftop.bpf.c
BPF_OBJ := $(O)/wtftop.bpf.o
SKEL := $(O)/wtftop.skel.h

UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(O)/tests/%,$(UNIT_SRCS))
HELPER_SRCS := $(sort $(wildcard tests/helpers/*.c))
HELPER_BINS := $(patsubst tests/helpers/%.c,$(O)/helpers/%,$(HELPER_SRCS))

.PHONY: all deps run test unit-test probe-test e2e-test bench install clean
all: $(O)/wtftop $(HELPER_BINS)

# ---- dependencies ---------------------------------------------------------
DEB_PKGS := libbpf-dev libelf-dev zlib1g-dev clang llvm bpftool libncurses-dev \
	liblua5.4-dev libyaml-dev libcmocka-dev pkg-config make gcc python3 tmux \
	bpftrace procps iproute2 netcat-openbsd sysdig
# the capture-file readers that tests check -w's files with (sysdig is above)
DEB_PKGS += tshark
deps:
	@missing=$$(for p in $(DEB_PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	fi

# ---- BPF probe --------------------------------------------------------------
$(O)/vmlinux.h: | $(O)
ifneq ($(VMLINUX_H),)
	$(call msg,COPY,$@)cp $(VMLINUX_H) $@
else
	$(call msg,BTF,$@)$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@
endif

$(BPF_OBJ): $(BPF_SRC) $(O)/vmlinux.h | $(O)
	$(call msg,BPF,$@)$(CLANG) $(BPF_CFLAGS) -MMD -MP -MT $@ -MF $(O)/wtftop.bpf.d -c $< -o $@

$(SKEL): $(BPF_OBJ)
	$(call msg,SKEL,$@)$(BPFTOOL) gen skeleton $< name wtftop_bpf > $@

# ---- userspace --------------------------------------------------------------
$(O)/obj/%.o: src/%.c | $(SKEL)
	@mkdir -p $(@D)
	$(call msg,CC,$@)$(CC) $(CFLAGS) -c $< -o $@

$(O)/libwtftop.a: $(LIB_OBJS)
	$(call msg,AR,$@)rm -f $@ && ar rcs $@ $^

$(O)/wtftop: $(MAIN_OBJS) $(O)/libwtftop.a
	$(call msg,LD,$@)$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(O)/tests/%: tests/unit/%.c $(O)/libwtftop.a
	@mkdir -p $(@D)
	$(call msg,CC,$@)$(CC) $(CFLAGS) $(LDFLAGS) $< $(O)/libwtftop.a $(LDLIBS) -lcmocka -o $@

$(O)/helpers/%: tests/helpers/%.c
	@mkdir -p $(@D)
	$(call msg,CC,$@)$(CC) -O1 -g -Wall -D_GNU_SOURCE $< -o $@ -lpthread

$(O):
	@mkdir -p $@

# ---- running and testing ----------------------------------------------------
run: deps all
	./$(O)/wtftop $(ARGS)

TEST_TOOLS := $(O)/tests/probe_dump
$(O)/tests/probe_dump: tests/probe/probe_dump.c $(O)/libwtftop.a
	@mkdir -p $(@D)
	$(call msg,CC,$@)$(CC) $(CFLAGS) $(LDFLAGS) $< $(O)/libwtftop.a $(LDLIBS) -o $@

test: deps all $(UNIT_BINS) $(TEST_TOOLS)
	@tests/run_all.sh $(O)

unit-test: all $(UNIT_BINS)
	@tests/run_all.sh $(O) unit

probe-test: all $(TEST_TOOLS)
	@tests/run_all.sh $(O) probe

e2e-test: all
	@tests/run_all.sh $(O) e2e

bench: deps all
	@tests/bench/run.sh $(O)

install: all
	install -D -m 0755 $(O)/wtftop $(DESTDIR)$(PREFIX)/bin/wtftop
	install -d $(DESTDIR)$(PREFIX)/share/wtftop/chisels $(DESTDIR)$(PREFIX)/share/wtftop/views $(DESTDIR)$(PREFIX)/share/wtftop/rules
	for f in chisels/*.lua; do [ -e "$$f" ] && install -m 0644 "$$f" $(DESTDIR)$(PREFIX)/share/wtftop/chisels/; done; true
	for f in views/*.lua; do [ -e "$$f" ] && install -m 0644 "$$f" $(DESTDIR)$(PREFIX)/share/wtftop/views/; done; true
	for f in rules/*.yaml; do [ -e "$$f" ] && install -m 0644 "$$f" $(DESTDIR)$(PREFIX)/share/wtftop/rules/; done; true
	install -D -m 0644 man/wtftop.8 $(DESTDIR)$(PREFIX)/share/man/man8/wtftop.8

clean:
	rm -rf $(O)

-include $(wildcard $(O)/obj/*/*.d $(O)/obj/*.d $(O)/wtftop.bpf.d $(O)/tests/*.d)

# ---- filter fuzzing and benchmark -------------------------------------------
#   make fuzz        runs the filter fuzzer for FUZZ_TIME seconds (60)
#   make fuzz-smoke  a bounded 20 s run, part of make test
# The library is rebuilt with clang under ASan/UBSan and coverage so that
# libFuzzer sees inside it (libclang-rt-14-dev holds libFuzzer's runtime).
DEB_PKGS += libclang-rt-14-dev
FUZZ_TIME ?= 60
FUZZ_CFLAGS = -O1 -g -std=gnu11 -D_GNU_SOURCE -I$(O) -Isrc -Iprobe $(PKG_CFLAGS) -MMD -MP \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer -Wno-unused-parameter
FUZZ_LIB_OBJS := $(patsubst src/%.c,$(O)/fuzz/obj/%.o,$(LIB_SRCS))
FUZZ_CORPUS := tests/fuzz/corpus/filter
.PHONY: fuzz fuzz-smoke bench-filter

$(O)/fuzz/obj/%.o: src/%.c | $(SKEL)
	@mkdir -p $(@D)
	$(call msg,FUZZCC,$@)$(CLANG) $(FUZZ_CFLAGS) -c $< -o $@

$(O)/fuzz/fuzz_filter: tests/fuzz/fuzz_filter.c tests/unit/evt_builder.h $(FUZZ_LIB_OBJS)
	@mkdir -p $(@D)
	$(call msg,FUZZLD,$@)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer tests/fuzz/fuzz_filter.c \
		$(FUZZ_LIB_OBJS) $(LDLIBS) -o $@

# New inputs go to a scratch corpus in the build dir, the seeds stay as they are.
FUZZ_RUN = $(O)/fuzz/fuzz_filter -timeout=10 -rss_limit_mb=2048 -max_len=4096 -dict=tests/fuzz/filter.dict \
	-artifact_prefix=$(O)/fuzz/ $(O)/fuzz/corpus $(FUZZ_CORPUS)
fuzz: $(O)/fuzz/fuzz_filter
	@mkdir -p $(O)/fuzz/corpus
	$(FUZZ_RUN) -max_total_time=$(FUZZ_TIME)

# Quiet unless it fails (a crash, leak, hang or sanitizer report).
fuzz-smoke: $(O)/fuzz/fuzz_filter
	@mkdir -p $(O)/fuzz/corpus
	@echo "=== fuzz/fuzz_filter (20 s)"; \
	if $(FUZZ_RUN) -max_total_time=20 > $(O)/fuzz/smoke.log 2>&1; then \
		grep -E '^Done [0-9]+ runs' $(O)/fuzz/smoke.log; echo "fuzz: 1 passed, 0 failed"; \
	else tail -40 $(O)/fuzz/smoke.log; echo "fuzz: 0 passed, 1 failed"; exit 1; fi

test: fuzz-smoke

$(O)/tests/bench_filter: tests/bench/bench_filter.c tests/unit/evt_builder.h $(O)/libwtftop.a
	@mkdir -p $(@D)
	$(call msg,CC,$@)$(CC) $(CFLAGS) $(LDFLAGS) $< $(O)/libwtftop.a $(LDLIBS) -o $@

bench-filter: $(O)/tests/bench_filter
	@$(O)/tests/bench_filter

bench: $(O)/tests/bench_filter

# the least a chisel costs with this Lua: bench_chisel.py's reference
$(O)/tests/lua_floor: tests/bench/lua_floor.c
	@mkdir -p $(@D)
	$(call msg,CC,$@)$(CC) $(CFLAGS) $(LDFLAGS) $< $(LDLIBS) -o $@

bench: $(O)/tests/lua_floor

# reference probes: the least a probe on every syscall costs here, for bench_pipeline.py
$(O)/tests/ref_probe.bpf.o: tests/bench/ref_probe.bpf.c $(O)/vmlinux.h
	@mkdir -p $(@D)
	$(call msg,BPF,$@)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(O)/tests/ref_probe: tests/bench/ref_probe.c
	@mkdir -p $(@D)
	$(call msg,CC,$@)$(CC) $(CFLAGS) $(LDFLAGS) $< $(LDLIBS) -o $@

bench: $(O)/tests/ref_probe $(O)/tests/ref_probe.bpf.o

-include $(wildcard $(O)/fuzz/obj/*/*.d $(O)/fuzz/*.d)
