# agentci — one make builds the library, every tool and the tests.
# Plain GNU make; libraries found with pkg-config (see INSTALL).

VERSION := $(shell cat VERSION)
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  := $(PREFIX)/bin
MANDIR  := $(PREFIX)/share/man
DATADIR := $(PREFIX)/share/agentci
BASHCOMPDIR := $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  := $(PREFIX)/share/zsh/site-functions

# O is the object folder: build/ normally, build-asan/ and build-fuzz/ for
# the instrumented variants.  The plain build's archive and binaries live
# where INSTALL says: common/libagentci.a and bin/.
O   ?= build
SAN ?=
ifeq ($(O),build)
LIB := common/libagentci.a
BIN := bin
else
LIB := $(O)/libagentci.a
BIN := $(O)/bin
endif
# Data beside the binaries (bin/../share/agentci), where the tools look first.
SHARE := $(patsubst %bin,%share,$(BIN))/agentci

CC      ?= cc
# -Werror only when asked (WERROR=1, as .ci/run does): a newer compiler's
# new warning must not break a user's build.
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wno-unused-parameter \
	-Wmissing-prototypes -Wstrict-prototypes -Wold-style-definition $(if $(filter 1,$(WERROR)),-Werror)
HARDEN  := -fstack-protector-strong -fPIE
CPPFLAGS ?= -D_FORTIFY_SOURCE=2
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(HARDEN) $(CPPFLAGS) $(CFLAGS) -iquote common \
	-DAGENTCI_VERSION='"$(VERSION)"' -DAGENTCI_DATADIR='"$(DATADIR)"' $(PKG_CFLAGS)
# -iquote: common/yaml.h is ours, <yaml.h> stays libyaml's.
LDFLAGS ?=
ALL_LDFLAGS = -pie -Wl,-z,relro,-z,now -Wl,--as-needed $(LDFLAGS)

# Quiet by default: one "CC file" line per step; V=1 prints the commands.
ifeq ($(V),1)
Q :=
say := @:
else
Q := @
say := @printf '  %-5s %s\n'
endif

ifeq ($(SAN),asan)
ALL_CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
ALL_LDFLAGS += -fsanitize=address,undefined
endif
ifeq ($(SAN),fuzz)
ALL_CFLAGS  += -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
ALL_LDFLAGS += -fsanitize=address,undefined
endif

# ONLY=TOOL narrows the build and the tests to one tool (and common).
TOOLS      := $(notdir $(wildcard cmd/*))
ifneq ($(ONLY),)
TOOLS      := $(filter $(ONLY),$(TOOLS))
endif
COMMON_SRC := $(wildcard common/*.c)
COMMON_OBJ := $(COMMON_SRC:%.c=$(O)/%.o)
tool_src    = $(wildcard cmd/$(1)/*.c)
tool_obj    = $(patsubst %.c,$(O)/%.o,$(call tool_src,$(1)))
# A tool's modules without its main.o, for the unit tests of its internals.
tool_mods   = $(filter-out $(O)/cmd/$(1)/main.o,$(call tool_obj,$(1)))
TOOL_BINS  := $(TOOLS:%=$(BIN)/%)
BASH_COMPL := $(TOOLS:%=$(O)/completions/bash/%)
ZSH_COMPL  := $(TOOLS:%=$(O)/completions/zsh/_%)

# Unit tests: tests/unit/common/X.c tests common/; tests/unit/TOOL/X.c tests
# a tool's modules.  Each file is one Check program.
UNIT_SRC   := $(wildcard tests/unit/*/*.c)
UNIT_BINS  := $(patsubst tests/unit/%.c,$(O)/tests/%,$(UNIT_SRC))
CLI_TESTS  := $(sort $(wildcard tests/cli/*.bats))
FUZZ_SRC   := $(wildcard tests/fuzz/*/*.c)
MAN1       := $(wildcard man/man1/*.1)
MAN7       := $(wildcard man/man7/*.7)

# `make check ONLY=img-tag` runs one tool's unit and CLI tests (and common's
# with ONLY=common).
ifneq ($(ONLY),)
UNIT_RUN := $(filter $(O)/tests/$(ONLY)/%,$(UNIT_BINS))
CLI_RUN  := $(filter tests/cli/$(ONLY).bats tests/cli/$(ONLY)-%.bats,$(CLI_TESTS))
else
UNIT_RUN := $(UNIT_BINS)
CLI_RUN  := $(CLI_TESTS)
endif

.SECONDEXPANSION:
.PHONY: all check check-asan install uninstall demo bench fuzz lint format clean deps dist deb
.DEFAULT_GOAL := all

# Dependencies are found (or installed) once per object folder, by group:
# the build packages for every build, the test packages for `make check`
# and `make demo` (the lint packages: `make lint`).  The answer is a
# makefile fragment with the pkg-config flags.
NODEPS_GOALS := clean dist deb lint format
ifneq ($(filter-out $(NODEPS_GOALS),$(or $(MAKECMDGOALS),all)),)
include $(O)/config.mk
endif
# The demo runs the local test servers and jq, git, openssl: test packages.
ifneq ($(filter check demo,$(MAKECMDGOALS)),)
include $(O)/config-test.mk
endif
$(O)/config.mk: scripts/configure scripts/install-deps
	@mkdir -p $(O)
	@scripts/configure build > $@.tmp && mv $@.tmp $@
$(O)/config-test.mk: scripts/configure scripts/install-deps
	@mkdir -p $(O)
	@scripts/configure test > $@.tmp && mv $@.tmp $@

deps:
	scripts/install-deps

# Tool-specific rules (data files, extra install steps) live beside the tool.
-include $(wildcard cmd/*/tool.mk)

all: $(LIB) $(TOOL_BINS) $(BASH_COMPL) $(ZSH_COMPL)

# Completions come from the built tool's --help, i.e. its option table.
$(O)/completions/bash/% $(O)/completions/zsh/_%: $(BIN)/% $(wildcard scripts/completions/*)
	$(say) GEN "completions of $<"
	$(Q)scripts/completions/gen.sh $< $(O)/completions

$(LIB): $(COMMON_OBJ)
	@rm -f $@
	$(say) AR $@
	$(Q)$(AR) rcs $@ $^

$(O)/%.o: %.c
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

define tool_rule
$(BIN)/$(1): $(call tool_obj,$(1)) $(LIB)
	@mkdir -p $$(@D)
	$$(say) LD $$@
	$$(Q)$$(CC) $$(ALL_LDFLAGS) -o $$@ $$(call tool_obj,$(1)) $$(LIB) $$(PKG_LIBS) -lm
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rule,$(t))))

$(O)/tests/%: tests/unit/%.c tests/unit/check_main.h $(LIB) $$(call tool_mods,$$(firstword $$(subst /, ,$$*)))
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -Itests/unit -Icmd/$(firstword $(subst /, ,$*)) \
		$(ALL_LDFLAGS) -o $@ $< $(call tool_mods,$(firstword $(subst /, ,$*))) $(LIB) \
		$(CHECK_LIBS) $(PKG_LIBS) -lm
check: all $(UNIT_RUN)
	@AGENTCI_BIN=$(CURDIR)/$(BIN) tests/run $(UNIT_RUN) $(CLI_RUN)

check-asan:
	$(MAKE) O=build-asan SAN=asan check

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DATADIR)
	$(if $(TOOL_BINS),install -m 0755 $(TOOL_BINS) $(DESTDIR)$(BINDIR)/)
	$(if $(MAN1),install -m 0644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/)
	$(if $(MAN7),install -m 0644 $(MAN7) $(DESTDIR)$(MANDIR)/man7/)
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	$(if $(TOOLS),install -m 0644 $(BASH_COMPL) $(DESTDIR)$(BASHCOMPDIR)/)
	$(if $(TOOLS),install -m 0644 $(ZSH_COMPL) $(DESTDIR)$(ZSHCOMPDIR)/)

uninstall:
	rm -f $(TOOLS:%=$(DESTDIR)$(BINDIR)/%)
	rm -f $(MAN1:man/%=$(DESTDIR)$(MANDIR)/%) $(MAN7:man/%=$(DESTDIR)$(MANDIR)/%)
	rm -f $(TOOLS:%=$(DESTDIR)$(BASHCOMPDIR)/%) $(TOOLS:%=$(DESTDIR)$(ZSHCOMPDIR)/_%)
	rm -rf $(DESTDIR)$(DATADIR)

demo: all
	@scripts/demo/run

bench: all
	@set -e; found=; for b in scripts/bench/*.sh; do [ -f "$$b" ] || continue; \
		found=1; echo "== $$b"; AGENTCI_BIN=$(CURDIR)/$(BIN) sh "$$b"; done; \
	[ -n "$$found" ] || echo "make bench: no benchmarks yet"

# libFuzzer targets: every parser has one; each runs FUZZ_SECONDS from its
# seed corpus (tests/fuzz/corpus/TOOL-NAME) and what earlier runs found
# (build-fuzz/corpus).  A crash, leak or sanitizer report fails the run
# after every target has had its turn: the report is printed whole and the
# input kept in build-fuzz/crashes.  fuzz-smoke gives each a few seconds.
FUZZ_SECONDS ?= 20
FUZZ_SMOKE_SECONDS ?= 3
fuzz:
	@if [ -z "$(FUZZ_SRC)" ]; then echo "make fuzz: no fuzz targets yet"; else \
		$(MAKE) O=build-fuzz SAN=fuzz CC=clang fuzz-run; fi
fuzz-smoke:
	@$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)
# tests/fuzz/TOOL/X.c (or common/X.c) links that tool's modules.
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(O)/fuzz/%,$(FUZZ_SRC))
$(O)/fuzz/%: tests/fuzz/%.c $(LIB) $$(call tool_mods,$$(firstword $$(subst /, ,$$*)))
	@mkdir -p $(@D)
	$(say) LD $@
	$(Q)$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Icmd/$(firstword $(subst /, ,$*)) -o $@ $< \
		$(call tool_mods,$(firstword $(subst /, ,$*))) $(LIB) $(PKG_LIBS) -lm
.PHONY: fuzz-run fuzz-smoke
fuzz-run: $(FUZZ_BINS)
	@failed=; for f in $(FUZZ_BINS); do n=$${f#$(O)/fuzz/}; n=$$(echo $$n | tr / -); \
		mkdir -p $(O)/corpus/$$n $(O)/crashes; log=$(O)/fuzz-$$n.log; \
		seeds=; if [ -d tests/fuzz/corpus/$$n ]; then seeds=tests/fuzz/corpus/$$n; fi; \
		if $$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -timeout=25 -artifact_prefix=$(O)/crashes/$$n- \
			$(O)/corpus/$$n $$seeds >$$log 2>&1; then \
			printf '%-34s %s\n' "$$n" "$$(sh tests/fuzz/stats.sh $$log)"; \
		else \
			echo "== fuzz $$n FAILED (log: $$log)"; \
			{ sed -n '/^==[0-9]*==\|runtime error:\|^ALARM:/,$$p' $$log | grep -v '^#[0-9]' | grep . || \
				tail -50 $$log; } | head -200; \
			failed="$$failed $$n"; \
		fi; done; \
	if [ -n "$$failed" ]; then echo "make fuzz: failed:$$failed"; exit 1; fi

lint:
	@scripts/configure lint
	cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability \
		--inline-suppr --suppress=missingIncludeSystem --library=tests/lint/jansson.cfg \
		-Icommon common cmd tests/unit
	shellcheck -x scripts/install-deps scripts/configure scripts/dist scripts/deb tests/run .ci/run \
		$(wildcard scripts/*.sh scripts/*/*.sh scripts/*/*/*.sh scripts/*/run tests/servers/*.bash \
			tests/cli/*.bash tests/lint/*.sh tests/fuzz/*.sh tests/fixtures/*/*.sh cmd/*/*.sh)
	shellcheck -s bash scripts/completions/bash.in
	pyflakes3 $(wildcard tests/*/*.py tests/*/*/*.py)
	@for m in $(MAN1) $(MAN7); do mandoc -Tlint -Wwarning $$m || exit 1; done
	@tests/lint/actionlint.sh $(O)/actionlint action.yml \
		$(wildcard .github/workflows/*.yml scripts/github/*.yml)
	clang-format --dry-run -Werror $(FORMAT_SRC)
	@echo "lint: ok"

# The C under the house style (.clang-format).  `make format` rewrites it in
# place; `make lint` fails when a file differs from it.
FORMAT_SRC := $(wildcard cmd/*/*.[ch] common/*.[ch] tests/unit/*.h tests/unit/*/*.[ch] \
	tests/fuzz/*.h tests/fuzz/*/*.[ch])
format:
	@scripts/configure lint
	clang-format -i $(FORMAT_SRC)

# Release artifacts, written to DISTDIR: the source tarball (with the rank
# files, so that it builds offline) and the Debian package built from it.
DISTDIR ?= .
DEBWORK ?= $(O)/deb
DIST    := $(DISTDIR)/agentci-$(VERSION).tar.gz
dist: prompt-lint-ranks
	@scripts/dist $(PL_TOKDIR) $(DISTDIR)
deb: dist
	@scripts/deb $(DIST) $(DEBWORK) $(DISTDIR)

clean:
	rm -rf build build-asan build-fuzz bin common/libagentci.a share
	rm -f agentci-$(VERSION).tar.gz agentci_$(VERSION)-*.deb agentci-dbgsym_$(VERSION)-*.deb

-include $(shell find $(O) -name '*.d' 2>/dev/null)
